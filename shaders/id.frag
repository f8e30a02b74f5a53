// Picking: writes which node covers the pixel (node index + 1; 0 is "nothing").
uniform uint uNodeId;
out uint nodeId;
void main() { nodeId = uNodeId; }
