// Cap parity pass: only the stencil buffer is written (colour and depth writes are off).
void main() {}
