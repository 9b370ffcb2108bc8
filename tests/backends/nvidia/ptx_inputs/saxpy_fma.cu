// A hand-written kernel where --fmad matters: a*x+y contracts to fma.
extern "C" __global__ void saxpy_fma(float *y, const float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
