package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import io.jitguard.check.checks.ArchFeatureUnguarded;
import io.jitguard.check.checks.BackslashNewlineAtEof;
import io.jitguard.check.checks.CallArityMismatch;
import io.jitguard.check.checks.IncompatiblePointerConversion;
import java.util.Comparator;

/** Every check, in one sorted place. */
public final class CheckRegistry {
  public static final ImmutableList<Check> ALL = ImmutableList.<Check>of(
          new CallArityMismatch(),
          new IncompatiblePointerConversion(),
          new ArchFeatureUnguarded(),
          new BackslashNewlineAtEof())
      .stream().sorted(Comparator.comparing(c -> c.info().id())).collect(ImmutableList.toImmutableList());

  private CheckRegistry() {}
}
