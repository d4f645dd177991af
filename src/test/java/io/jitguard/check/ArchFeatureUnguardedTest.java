package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import io.jitguard.check.checks.ArchFeatureUnguarded;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.lex.Lexer;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.sema.Analyzer;
import io.jitguard.cpp.sema.SemaListener;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchFeatureUnguardedTest {
  private static Optional<Finding.Draft> check(String ptx, String target) {
    Token at = new Lexer(SourceCache.synthetic("k.cu", "asm\n"), null).tokenize().get(0);
    Analyzer.Context ctx = new Analyzer.Context(
        new Decl.Function(at, null, null, null, false, null, null, null, false), ImmutableMap.of(), null, true);
    return new ArchFeatureUnguarded().featureUse(new SemaListener.FeatureUse(at, ptx, true, ctx),
        new CheckContext(Target.parse(target), Optional.empty(), Optional.empty()));
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
}
