package io.jitguard.nvrtc;

/** Compiles in processes of its own, which {@link #close} ends. */
public interface PooledCompiler extends ProgramCompiler, AutoCloseable {
  @Override
  void close();
}
