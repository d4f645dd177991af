package io.jitguard.check;

import io.jitguard.cpp.sema.SemaListener;
import io.jitguard.source.SourceFile;
import java.util.Optional;

/**
 * A check looks at the node kinds it cares about and returns a finding or no finding, never null.
 * Each check class carries a {@link CheckInfo} and is named in {@code META-INF/services/io.jitguard.check.Check},
 * which {@link CheckRegistry} reads.
 */
public interface Check {
  default Optional<Finding.Draft> call(SemaListener.Call call, CheckContext ctx) {
    return Optional.empty();
  }

  default Optional<Finding.Draft> conversion(SemaListener.Conversion conversion, CheckContext ctx) {
    return Optional.empty();
  }

  default Optional<Finding.Draft> featureUse(SemaListener.FeatureUse use, CheckContext ctx) {
    return Optional.empty();
  }

  /** Called once per file the preprocessor read, whatever included it and however often. */
  default Optional<Finding.Draft> file(SourceFile file) {
    return Optional.empty();
  }

  default CheckInfo info() {
    return getClass().getAnnotation(CheckInfo.class);
  }
}
