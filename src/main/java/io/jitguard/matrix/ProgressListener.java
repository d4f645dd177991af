package io.jitguard.matrix;

/** Told after each unit finishes; called from worker threads, one call at a time. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total, failed, last) -> {};

  void unitDone(int done, int total, int failed, UnitResult last);
}
