package io.jitguard.check;

import io.jitguard.plan.VariantKey;
import io.jitguard.targets.Target;
import java.util.Optional;

/**
 * Where a check is looking: the target being compiled for, and (when checking a manifest) the
 * variant and the variant the manifest would fall back to on this target.
 */
public record CheckContext(Target target, Optional<VariantKey> variant, Optional<VariantKey> fallbackVariant) {}
