package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import io.jitguard.check.checks.ArchFeatureUnguarded;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.lex.Lexer;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.sema.Analyzer;
import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.cpp.sema.Flow;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchFeatureUnguardedTest {
  private static final Token AT = new Lexer(SourceCache.synthetic("k.cu", "asm\n"), null).tokenize().get(0);

  private static Analyzer.Context context(boolean live) {
    return new Analyzer.Context(new Decl.Function(AT, null, null, null, false, null, null, null, false),
        ImmutableMap.of(), null, live);
  }

  private static Optional<Finding.Draft> check(AnalysisEvent event, String target) {
    return new ArchFeatureUnguarded().event(event, new CheckContext(Target.parse(target), Optional.empty(),
        Optional.empty()));
  }

  private static Optional<Finding.Draft> check(String ptx, String target) {
    return check(new AnalysisEvent.InlineAsm(AT, ptx, Flow.TOP, context(true)), target);
  }

  private static AnalysisEvent.Call call(String name, boolean live) {
    return new AnalysisEvent.Call(null, AT, name, AnalysisEvent.Callee.FUNCTION, ImmutableList.of(), 0,
        AnalysisEvent.Lookup.COMPLETE, false, Flow.TOP, context(live));
  }

  @ParameterizedTest
  @CsvSource({
      "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16, sm_90, sm_90a",
      "setmaxnreg.inc.sync.aligned.u32 240, sm_90, sm_90a",
      "tcgen05.mma.cta_group::1.kind::f16, sm_100, sm_100a",
      "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes, sm_89, sm_90",
      "cp.reduce.async.bulk.global.shared::cta.bulk_group.add.f32, sm_89, sm_90",
      "mbarrier.try_wait.parity.shared::cta.b64, sm_89, sm_90",
      "mbarrier.arrive.expect_tx.shared::cta.b64, sm_89, sm_90",
      "fence.proxy.async.shared::cta, sm_89, sm_90",
      "barrier.cluster.arrive, sm_89, sm_90",
      "mapa.shared::cluster.u32, sm_89, sm_90",
      "elect.sync, sm_89, sm_90",
      "stmatrix.sync.aligned.m8n8.x4.shared.b16, sm_89, sm_90",
      "multimem.ld_reduce.global.add.f32, sm_89, sm_90",
      "cp.async.cg.shared.global, sm_75, sm_80"})
  void everyFeature_isFlaggedBelowItsArchitectureAndAcceptedAtIt(String ptx, String tooOld, String enough) {
    Optional<Finding.Draft> d = check(ptx, tooOld);
    assertTrue(d.isPresent(), ptx + " on " + tooOld);
    assertTrue(d.get().message().endsWith("but this code is compiled for " + tooOld + " without a __CUDA_ARCH__ guard"),
        d.get().message());
    assertEquals(Optional.empty(), check(ptx, enough), ptx + " on " + enough);
  }

  @ParameterizedTest
  @CsvSource({
      "this_cluster, sm_89, sm_90",
      "cp_async_bulk_tensor_2d_global_to_shared, sm_89, sm_90",
      "__reduce_add_sync, sm_75, sm_80",
      "__reduce_xor_sync, sm_75, sm_80"})
  void everyIntrinsic_isFlaggedBelowItsArchitectureAndAcceptedAtIt(String name, String tooOld, String enough) {
    Optional<Finding.Draft> d = check(call(name, true), tooOld);
    assertTrue(d.isPresent(), name + " on " + tooOld);
    assertEquals("'" + name + "' requires sm_" + enough.substring(3) + " (" + (name.startsWith("__reduce") ? "warp reductions"
        : name.startsWith("cp_") ? "bulk asynchronous copies" : "thread-block clusters") + "), but this code is compiled for "
        + tooOld + " without a __CUDA_ARCH__ guard", d.get().message());
    assertEquals(Optional.empty(), check(call(name, true), enough), name + " on " + enough);
  }

  @Test
  void codeThatIsNotEmittedForTheTarget_isNotChecked() {
    assertEquals(Optional.empty(), check(call("this_cluster", false), "sm_80"));
    assertEquals(Optional.empty(), check(new AnalysisEvent.InlineAsm(AT, "wgmma.fence", Flow.TOP, context(false)),
        "sm_80"));
  }

  @Test
  void aNameThatOnlyStartsLikeAnIntrinsic_isNotOne() {
    assertEquals(Optional.empty(), check(call("this_cluster_rank", true), "sm_80"));
    assertEquals(Optional.empty(), check(call("__reduce_add_sync_v2", true), "sm_75"));
  }
}
