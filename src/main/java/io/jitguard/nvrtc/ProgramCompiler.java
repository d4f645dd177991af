package io.jitguard.nvrtc;

/** What compiles an NVRTC program: NVRTC in this process, or a pool of worker processes. */
@FunctionalInterface
public interface ProgramCompiler {
  /**
   * @throws NvrtcException when the program does not compile (the log holds the diagnostics)
   */
  NvrtcOutput compile(NvrtcProgram program);
}
