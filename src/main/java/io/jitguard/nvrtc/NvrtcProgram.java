package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One NVRTC compilation: the source text, the name NVRTC reports it under, the options, and the
 * name expressions (for example {@code mla_decode<__nv_bfloat16, float>}) whose lowered names to keep,
 * and a time limit ({@code timeoutMillis}, 0: none) past which NVRTC is told to cancel the compile.
 */
public record NvrtcProgram(
    String name, String source, ImmutableList<String> options, ImmutableList<String> nameExpressions,
    boolean wantCubin, boolean wantPtx, long timeoutMillis) {

  public NvrtcProgram {
    options = ImmutableList.copyOf(options);
    nameExpressions = ImmutableList.copyOf(nameExpressions);
  }

  public static NvrtcProgram cubin(String name, String source, List<String> options, List<String> names) {
    return new NvrtcProgram(name, source, ImmutableList.copyOf(options), ImmutableList.copyOf(names), true, false, 0);
  }

  public NvrtcProgram withPtx(boolean ptx) {
    return new NvrtcProgram(name, source, options, nameExpressions, wantCubin, ptx, timeoutMillis);
  }

  /** The same program, cancelled when it compiles for longer than this (0: no limit). */
  public NvrtcProgram withTimeout(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("a time limit cannot be negative: " + millis);
    }
    return new NvrtcProgram(name, source, options, nameExpressions, wantCubin, wantPtx, millis);
  }
}
