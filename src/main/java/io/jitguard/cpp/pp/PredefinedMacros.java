package io.jitguard.cpp.pp;

import io.jitguard.targets.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The macros NVRTC defines when it compiles device code for a target: the checker sees exactly
 * the branches of {@code #if __CUDA_ARCH__ >= 900} that the compiler would.
 */
public final class PredefinedMacros {
  /** The NVRTC release whose behaviour the checker models. */
  public static final int CUDACC_VER_MAJOR = 13;
  public static final int CUDACC_VER_MINOR = 3;

  private PredefinedMacros() {}

  /** Name to replacement text; {@code target} null means a host pass (no {@code __CUDA_ARCH__}). */
  public static Map<String, String> forTarget(Target target) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("__cplusplus", "201703L");
    m.put("__CUDACC__", "1");
    m.put("__CUDACC_RTC__", "1");
    m.put("__CUDACC_VER_MAJOR__", Integer.toString(CUDACC_VER_MAJOR));
    m.put("__CUDACC_VER_MINOR__", Integer.toString(CUDACC_VER_MINOR));
    m.put("__CUDACC_VER_BUILD__", "0");
    // NVRTC pre-includes its runtime headers (CUDART_VERSION) and defaults to
    // -builtin-initializer-list=true, which libcu++ checks for
    m.put("CUDART_VERSION", Integer.toString(CUDACC_VER_MAJOR * 1000 + CUDACC_VER_MINOR * 10));
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
