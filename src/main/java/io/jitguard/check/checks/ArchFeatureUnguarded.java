package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckContext;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.targets.Target;
import java.util.List;
import java.util.Optional;

/**
 * JG003: a Hopper-or-newer feature (in inline PTX or as an intrinsic) in code that is emitted for
 * a target below the feature's architecture. The checker preprocesses per target, so code under
 * a {@code __CUDA_ARCH__} guard that excludes the target never reaches this check: what does is
 * unguarded, and ptxas will reject it.
 */
@CheckInfo(id = "JG003", name = "arch-feature-unguarded",
    summary = "A feature of a newer architecture is used without a __CUDA_ARCH__ guard for this target",
    explanation = "An instruction or intrinsic of a newer architecture (wgmma, setmaxnreg, bulk copies, clusters) "
        + "in code that is emitted for an older target without a __CUDA_ARCH__ guard: ptxas rejects it for that "
        + "target. Guard it, or stop claiming the target for this variant so the manifest falls back.",
    severity = Severity.ERROR)
public final class ArchFeatureUnguarded implements Check {
  /** A feature: how it is spelled, the first SM with it, and whether it needs the arch-specific target. */
  record Feature(String spelling, int minSm, boolean archSpecific, String what) {}

  static final List<Feature> PTX = List.of(
      new Feature("wgmma.", 90, true, "warpgroup MMA"),
      new Feature("setmaxnreg.", 90, true, "register reallocation"),
      new Feature("tcgen05.", 100, true, "5th-generation tensor cores"),
      new Feature("cp.async.bulk", 90, false, "bulk asynchronous copies, TMA"),
      new Feature("cp.reduce.async.bulk", 90, false, "bulk asynchronous reductions"),
      new Feature("mbarrier.try_wait", 90, false, "mbarrier waits"),
      new Feature("expect_tx", 90, false, "mbarrier transaction counts"),
      new Feature("fence.proxy.async", 90, false, "async-proxy fences"),
      new Feature("barrier.cluster", 90, false, "thread-block cluster barriers"),
      new Feature("mapa.", 90, false, "distributed shared memory"),
      new Feature("elect.sync", 90, false, "warp leader election"),
      new Feature("stmatrix", 90, false, "matrix stores to shared memory"),
      new Feature("multimem.", 90, false, "multimem operations"),
      new Feature("cp.async.", 80, false, "asynchronous copies"));
  /** Intrinsics, by the name a call uses: the whole name, or its start where it ends in '*'. */
  static final List<Feature> INTRINSICS = List.of(
      new Feature("this_cluster", 90, false, "thread-block clusters"),
      new Feature("cp_async_bulk*", 90, false, "bulk asynchronous copies"),
      new Feature("__reduce_add_sync", 80, false, "warp reductions"),
      new Feature("__reduce_min_sync", 80, false, "warp reductions"),
      new Feature("__reduce_max_sync", 80, false, "warp reductions"),
      new Feature("__reduce_and_sync", 80, false, "warp reductions"),
      new Feature("__reduce_or_sync", 80, false, "warp reductions"),
      new Feature("__reduce_xor_sync", 80, false, "warp reductions"));

  @Override
  public Optional<Finding.Draft> event(AnalysisEvent event, CheckContext ctx) {
    Target target = ctx.target();
    if (target == null || !event.context().live()) {
      return Optional.empty();
    }
    if (event instanceof AnalysisEvent.InlineAsm asm) {
      for (Feature f : PTX) {
        if (asm.text().contains(f.spelling())) {
          Optional<Finding.Draft> d = finding(f, asm, target, ctx);
          if (d.isPresent()) {
            return d;
          }
        }
      }
    } else if (event instanceof AnalysisEvent.Call call && !call.launch() && !call.construction()) {
      for (Feature f : INTRINSICS) {
        if (names(f, call.name())) {
          return finding(f, call, target, ctx);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean names(Feature f, String name) {
    String s = f.spelling();
    return s.endsWith("*") ? name.regionMatches(0, s, 0, s.length() - 1) : name.equals(s);
  }

  private static Optional<Finding.Draft> finding(Feature f, AnalysisEvent use, Target target, CheckContext ctx) {
    boolean tooOld = target.sm() < f.minSm();
    boolean needsSpecific = f.archSpecific() && !(target.archSpecific() && target.sm() == f.minSm());
    if (!tooOld && !needsSpecific) {
      return Optional.empty();
    }
    String needed = "sm_" + f.minSm() + (f.archSpecific() ? "a" : "");
    String spelled = use instanceof AnalysisEvent.Call call ? call.name() : f.spelling().replaceAll("\\.$", "");
    Finding.Draft d = Finding.Draft.of(use.at().location(), "'" + spelled + "' requires "
        + needed + " (" + f.what() + "), but this code is compiled for " + target.name()
        + " without a __CUDA_ARCH__ guard");
    if (ctx.fallbackVariant().isPresent()) {
      d = d.withNote(use.at().location(), "on " + target.name() + " the manifest would fall back to variant '"
          + ctx.fallbackVariant().get().variant() + "'" + ctx.variant().map(v -> " after '" + v + "' fails").orElse(""));
    }
    return Optional.of(d
        .withFix("guard it: #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= " + f.minSm() * 10
            + (f.archSpecific() ? " && defined(__CUDA_ARCH_FEAT_SM" + f.minSm() + "_ALL)" : ""))
        .withFix("or stop claiming " + target.name() + " for this variant in the manifest (minSm/maxSm)"));
  }
}
