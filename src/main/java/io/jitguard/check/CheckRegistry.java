package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * Every check, sorted by id: the classes named in {@code META-INF/services/io.jitguard.check.Check}
 * (one line each), found through {@link ServiceLoader}, so the check API does not depend on the
 * checks and a new check is its class and one line there.
 */
public final class CheckRegistry {
  public static final ImmutableList<Check> ALL = ServiceLoader.load(Check.class, Check.class.getClassLoader())
      .stream().map(ServiceLoader.Provider::get)
      .sorted(Comparator.comparing(c -> c.info().id())).collect(ImmutableList.toImmutableList());

  private CheckRegistry() {}
}
