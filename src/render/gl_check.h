// GL errors, named by the pass that raised them. In debug builds every pass ends with a check
// that prints each error with the pass's name and counts it; release builds leave the error
// queue to whoever reads it (the tests do). Where an error is expected (an allocation the
// driver may refuse, which callers detect otherwise), the queue is cleared in every build.
#pragma once

namespace spineview {

// Debug builds: prints and clears the GL errors raised since the last check. Release: nothing.
void reportGlErrors(const char* pass);
// Clears the GL errors raised since the last check; debug builds print them first as
// expected (they do not count as reported errors).
void clearGlErrors(const char* where);
// How many unexpected GL errors reportGlErrors has printed in this process (0 in release).
int reportedGlErrorCount();

}  // namespace spineview
