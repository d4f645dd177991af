package io.jitguard.cpp.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.jitguard.targets.SupportedTargets;
import io.jitguard.targets.Target;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NVRTC the checker imitates, in one place: its release, the targets it compiles for, the
 * macros it predefines for a target, the headers it (or the toolkit) provides, which the checker
 * does not read, and the names those headers declare ({@link CudaNames}, {@link StdNames}). A new
 * NVRTC release is modelled by changing this class.
 */
public final class NvrtcModel {
  private NvrtcModel() {}

  /** The NVRTC release whose behaviour the checker models. */
  public static final int VERSION_MAJOR = 13;
  public static final int VERSION_MINOR = 3;

  /** Targets the checker knows without asking NVRTC: those of the release it models. */
  public static final SupportedTargets TARGETS = new SupportedTargets("jitguard check (modelling NVRTC "
      + VERSION_MAJOR + "." + VERSION_MINOR + ")", List.of(75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121));

  /** Headers the CUDA toolkit (or NVRTC) provides; the checker models their names itself. */
  public static final ImmutableSet<String> TOOLKIT_HEADERS = ImmutableSet.of(
      "cuda_bf16.h", "cuda_bf16.hpp", "cuda_fp16.h", "cuda_fp16.hpp", "cuda_fp8.h", "cuda_fp8.hpp", "cuda_fp6.h",
      "cuda_fp4.h", "cuda_runtime.h", "cuda_runtime_api.h", "cuda.h", "cooperative_groups.h", "mma.h",
      "cuda_pipeline.h", "cuda_pipeline_primitives.h", "cuda_awbarrier.h", "cuda_awbarrier_primitives.h",
      "math_constants.h", "vector_types.h", "vector_functions.h", "device_functions.h", "sm_60_atomic_functions.h",
      "driver_types.h", "curand_kernel.h", "cuda_occupancy.h", "device_launch_parameters.h", "host_defines.h",
      "library_types.h", "cuComplex.h", "nvrtc.h", "cuda_texture_types.h", "cuda_surface_types.h",
      "crt/host_defines.h", "builtin_types.h", "nvfunctional");
  /** Folders of toolkit headers, by the start of an include's name. */
  public static final ImmutableList<String> TOOLKIT_PREFIXES = ImmutableList.of(
      "cuda/", "cub/", "thrust/", "cooperative_groups/", "nv/", "crt/");

  /** Whether an include names a header NVRTC or the toolkit provides (or the standard library's). */
  public static boolean isToolkitHeader(String name) {
    return TOOLKIT_HEADERS.contains(name) || TOOLKIT_PREFIXES.stream().anyMatch(name::startsWith)
        || StdNames.HEADERS.contains(name);
  }

  /**
   * Where a kernel's parameters begin in constant bank 0, modulo {@link #PARAM_ALIGNMENT_PERIOD}: a
   * parameter aligned to more than 16 bytes is placed so that its address there, not its offset from
   * the first parameter, is aligned (an {@code alignas(64)} parameter first in the list sits at offset
   * 32 below sm_90, 48 on sm_90 and 0 from sm_100 on). Read off NVRTC 13.3's CUBINs for every target.
   */
  public static long paramBase(Target target) {
    return target.sm() < 90 ? 0x160 : target.sm() < 100 ? 0x210 : 0;
  }

  /** The largest parameter alignment whose placement {@link #paramBase} decides. */
  public static final long PARAM_ALIGNMENT_PERIOD = 256;

  /** The CUDA type names known without the headers, for callers that parse name expressions. */
  public static Set<String> typeNames() {
    Set<String> out = new HashSet<>(CudaNames.CLASS_TYPES);
    out.addAll(CudaNames.FIXED_TYPEDEFS.keySet());
    out.addAll(CudaNames.OPAQUE_TYPES);
    return out;
  }

  /**
   * The macros NVRTC defines when it compiles device code for a target, name to replacement text,
   * so the checker sees exactly the branches of {@code #if __CUDA_ARCH__ >= 900} the compiler would;
   * {@code target} null means a host pass (no {@code __CUDA_ARCH__}).
   */
  public static Map<String, String> predefinedMacros(Target target) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("__cplusplus", "201703L");
    m.put("__CUDACC__", "1");
    m.put("__CUDACC_RTC__", "1");
    m.put("__CUDACC_VER_MAJOR__", Integer.toString(VERSION_MAJOR));
    m.put("__CUDACC_VER_MINOR__", Integer.toString(VERSION_MINOR));
    m.put("__CUDACC_VER_BUILD__", "0");
    // NVRTC pre-includes its runtime headers (CUDART_VERSION) and defaults to
    // -builtin-initializer-list=true, which libcu++ checks for
    m.put("CUDART_VERSION", Integer.toString(VERSION_MAJOR * 1000 + VERSION_MINOR * 10));
    m.put("__NV_BUILTIN_INITIALIZER_LIST", "1");
    m.put("__CHAR_BIT__", "8");
    m.put("__SIZEOF_POINTER__", "8");
    m.put("__LP64__", "1");
    if (target != null) {
      m.put("__CUDA_ARCH__", Integer.toString(target.cudaArch()));
      if (target.archSpecific()) {
        m.put("__CUDA_ARCH_SPECIFIC__", Integer.toString(target.cudaArch()));
        m.put("__CUDA_ARCH_FEAT_SM" + target.sm() + "_ALL", "1");
      }
    }
    return m;
  }
}
