/*
 * Placeholder for the CUDA driver library, loaded only where no real driver exists.
 *
 * JavaCPP's NVRTC binding first loads cudart's JNI library, which links against libcuda.so.1.
 * NVRTC itself never calls the driver, so an empty library with that soname lets the compiler
 * load on machines without an NVIDIA driver. jitguard loads it only after failing to find a real
 * libcuda.so.1, so the real driver always wins. It defines no driver entry points: calling one
 * would fail, which is why jitguard never touches the driver API while this is loaded.
 */
int jitguard_libcuda_placeholder = 1;
