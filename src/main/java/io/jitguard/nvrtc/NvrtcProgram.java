package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One NVRTC compilation: the source text, the name NVRTC reports it under, the options, and the
 * name expressions (for example {@code mla_decode<__nv_bfloat16, float>}) whose lowered names to keep.
 */
public record NvrtcProgram(
    String name, String source, ImmutableList<String> options, ImmutableList<String> nameExpressions,
    boolean wantCubin, boolean wantPtx) {

  public NvrtcProgram {
    options = ImmutableList.copyOf(options);
    nameExpressions = ImmutableList.copyOf(nameExpressions);
  }

  public static NvrtcProgram cubin(String name, String source, List<String> options, List<String> names) {
    return new NvrtcProgram(name, source, ImmutableList.copyOf(options), ImmutableList.copyOf(names), true, false);
  }

  public NvrtcProgram withPtx(boolean ptx) {
    return new NvrtcProgram(name, source, options, nameExpressions, wantCubin, ptx);
  }
}
