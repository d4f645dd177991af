package io.jitguard.plan;

import com.google.common.collect.ImmutableList;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.Variant;
import io.jitguard.targets.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a manifest asks to build, worked out once: for each family, variant and target the variant
 * supports, how it is built ({@link VariantBuild}); for each instantiation of it, a compile unit;
 * for each slot (family, instantiation, target), the units that can fill it in fallback order.
 * {@code jitguard check} reads the builds, {@code jitguard compile} the units and slots, the runtime
 * the slots of its device's target, and the JUnit helper the units.
 */
public final class BuildPlan {
  private final Manifest manifest;
  private final ImmutableList<KernelFamily> families;
  private final ImmutableList<Target> targets;
  private final ImmutableList<VariantBuild> builds;
  private final Map<VariantKey, Map<Target, VariantBuild>> byKey = new LinkedHashMap<>();
  private final ImmutableList<SlotPlan> slots;
  private final ImmutableList<CompileUnit> units;

  private BuildPlan(Manifest manifest, List<KernelFamily> families, List<Target> targets) {
    this.manifest = manifest;
    this.families = ImmutableList.copyOf(families);
    this.targets = ImmutableList.copyOf(targets);
    ImmutableList.Builder<VariantBuild> out = ImmutableList.builder();
    for (KernelFamily family : families) {
      for (int v = 0; v < family.variants().size(); v++) {
        Variant variant = family.variants().get(v);
        for (Target target : targets) {
          if (variant.supports(target)) {
            List<VariantKey> fallbacks = family.variants().subList(v + 1, family.variants().size()).stream()
                .filter(x -> x.supports(target)).map(x -> new VariantKey(family.name(), x.name())).toList();
            VariantBuild b = VariantBuild.of(manifest, family, variant, target, fallbacks);
            out.add(b);
            byKey.computeIfAbsent(b.key(), k -> new LinkedHashMap<>()).put(target, b);
          }
        }
      }
    }
    this.builds = out.build();
    // worked out once: check, compile, sharding and the report all walk them, some more than once
    ImmutableList.Builder<SlotPlan> slotList = ImmutableList.builder();
    for (KernelFamily family : families) {
      for (Target target : targets) {
        for (Instantiation inst : family.instantiations()) {
          slotList.add(slot(family, inst, target));
        }
      }
    }
    this.slots = slotList.build();
    ImmutableList.Builder<CompileUnit> unitList = ImmutableList.builder();
    slots.forEach(s -> unitList.addAll(s.candidates()));
    this.units = unitList.build();
  }

  /** The plan for these families of the manifest and these targets. */
  public static BuildPlan of(Manifest manifest, List<KernelFamily> families, List<Target> targets) {
    return new BuildPlan(manifest, families, targets);
  }

  /** Every family of the manifest, for one target: what a device of that target can run. */
  public static BuildPlan forTarget(Manifest manifest, Target target) {
    return new BuildPlan(manifest, manifest.families(), List.of(target));
  }

  public Manifest manifest() {
    return manifest;
  }

  public ImmutableList<KernelFamily> families() {
    return families;
  }

  public ImmutableList<Target> targets() {
    return targets;
  }

  /** Each variant for each target it supports: family by family, variant in preference order, then target. */
  public ImmutableList<VariantBuild> builds() {
    return builds;
  }

  public Optional<VariantBuild> build(VariantKey key, Target target) {
    return Optional.ofNullable(byKey.getOrDefault(key, Map.of()).get(target));
  }

  /** Every compile unit: family by family, then target, instantiation and variant in preference order. */
  public ImmutableList<CompileUnit> units() {
    return units;
  }

  /** Every slot, family by family, then target and instantiation, with its candidates in fallback order. */
  public ImmutableList<SlotPlan> slots() {
    return slots;
  }

  /** The units that can fill an instantiation of a family on a target, most preferred first. */
  public SlotPlan slot(KernelFamily family, Instantiation inst, Target target) {
    List<CompileUnit> candidates = new ArrayList<>();
    for (Variant variant : family.variants()) {
      build(new VariantKey(family.name(), variant.name()), target).ifPresent(b -> candidates.add(b.unit(inst)));
    }
    return new SlotPlan(new Slot(family.name(), inst.label(), target), ImmutableList.copyOf(candidates));
  }
}
