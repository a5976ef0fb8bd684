// Setup file of the gpu tier: every GPU test may count live buffers, submits and readbacks
// (src/gpu/debug.ts), which the library leaves off otherwise.
import { enableGpuDebug } from '../../src/gpu/debug.ts';

enableGpuDebug();
