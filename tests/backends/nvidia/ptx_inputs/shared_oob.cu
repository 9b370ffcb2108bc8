// Planted bug: the store one element past the end of `tile` is at a constant
// address (tile+1024), which ptxas assembles without a word.
extern "C" __global__ void shared_oob(float *out) {
  __shared__ float tile[256];
  tile[threadIdx.x] = 1.0f;
  if (threadIdx.x == 0) tile[256] = 2.0f;
  __syncthreads();
  out[threadIdx.x] = tile[threadIdx.x];
}
