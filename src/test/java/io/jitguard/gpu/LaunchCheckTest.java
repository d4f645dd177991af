package io.jitguard.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.jitguard.check.CheckPlan;
import io.jitguard.check.Checker;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import io.jitguard.testing.TestResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Typed launches refused before they reach the driver, against the signatures the front end works
 * out for the bundled kernels (no GPU needed: buffers are wrapped addresses, never dereferenced).
 */
class LaunchCheckTest {
  private static KernelSignature merge;
  private static KernelSignature decode;
  private static final DeviceBuffer<Element.Fp32> FLOATS = DeviceBuffer.wrap(null, Element.FP32, 0x1000, 64);
  private static final DeviceBuffer<Element.Bf16> BF16S = DeviceBuffer.wrap(null, Element.BF16, 0x2000, 64);
  private static final DeviceBuffer<Element.I32> INTS = DeviceBuffer.wrap(null, Element.I32, 0x3000, 64);

  @BeforeAll
  static void signatures() {
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    BuildPlan plan = BuildPlan.of(m, m.families(), List.of(Target.parse("sm_90a")));
    Checker.Result r = new Checker(new SourceCache(), Map.of(), List.of()).run(CheckPlan.forPlan(plan));
    for (CompileUnit u : plan.units()) {
      if (u.instantiation().label().equals("o=bf16")) {
        merge = r.signatures().get(u.key()).values().iterator().next();
      }
      if (u.variant().name().equals("hopper") && u.instantiation().label().equals("q=bf16,kv=bf16,o=bf16")) {
        decode = r.signatures().get(u.key()).values().stream().filter(s -> s.entry().contains("decode_kernel"))
            .findFirst().orElseThrow();
      }
    }
  }

  private static List<KernelArg> mergeArgs(DeviceBuffer<?> partialO) {
    return List.of(KernelArg.of(partialO), KernelArg.of(FLOATS), KernelArg.of(INTS), KernelArg.of(INTS),
        KernelArg.of(INTS), KernelArg.of(BF16S), KernelArg.of(FLOATS), KernelArg.u32(128));
  }

  @Test
  void rightArguments_encodedInOrder() {
    List<byte[]> bytes = LaunchCheck.check(merge, mergeArgs(FLOATS));
    assertEquals(8, bytes.size());
    assertArrayEquals(new byte[] {0, 0x10, 0, 0, 0, 0, 0, 0}, bytes.get(0));
    assertArrayEquals(new byte[] {(byte) 128, 0, 0, 0}, bytes.get(7));
  }

  @Test
  void bf16BufferWhereFloatPointerIsExpected_refusedNamingBothTypes() {
    LaunchCheck.LaunchArgumentException e = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(merge, mergeArgs(BF16S)));
    assertEquals("cannot launch 'jitguard::mla::merge_kernel<__nv_bfloat16, int>': argument 1: passing "
        + "'DeviceBuffer<bf16>' ('__nv_bfloat16 *') to parameter 'partial_o' of type 'const float *'", e.getMessage());
  }

  @Test
  void missingArgument_refusedNamingTheParameter() {
    LaunchCheck.LaunchArgumentException e = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(merge, mergeArgs(FLOATS).subList(0, 7)));
    assertEquals("cannot launch 'jitguard::mla::merge_kernel<__nv_bfloat16, int>': it takes 8 arguments, 7 were "
        + "given (missing 'num_heads' ('unsigned int')); its parameters: (const float *partial_o, const float "
        + "*partial_lse, const int *merge_indptr, const int *merge_requests, const int *plan_info, __nv_bfloat16 *o, "
        + "float *lse, unsigned int num_heads)", e.getMessage());
    LaunchCheck.LaunchArgumentException three = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(merge, mergeArgs(FLOATS).subList(0, 5)));
    assertTrue(three.getMessage().contains("it takes 8 arguments, 5 were given (missing 'o' ('__nv_bfloat16 *') and 2 "
        + "more)"), three.getMessage());
  }

  @Test
  void signedScalarWhereUnsignedIsExpected_refused() {
    List<KernelArg> args = new java.util.ArrayList<>(mergeArgs(FLOATS));
    args.set(7, KernelArg.i32(128));
    LaunchCheck.LaunchArgumentException e = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(merge, args));
    assertEquals("cannot launch 'jitguard::mla::merge_kernel<__nv_bfloat16, int>': argument 8: passing 'int' to "
        + "parameter 'num_heads' of type 'unsigned int'", e.getMessage());
  }

  @Test
  void bufferWhereScalarIsExpected_andScalarWherePointerIsExpected_refused() {
    List<KernelArg> args = new java.util.ArrayList<>(mergeArgs(FLOATS));
    args.set(7, KernelArg.of(INTS));
    assertThrows(LaunchCheck.LaunchArgumentException.class, () -> LaunchCheck.check(merge, args));
    args.set(7, KernelArg.u32(1));
    args.set(2, KernelArg.u64(0x3000));
    LaunchCheck.LaunchArgumentException e = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(merge, args));
    assertEquals("cannot launch 'jitguard::mla::merge_kernel<__nv_bfloat16, int>': argument 3: passing 'unsigned "
        + "long long' to parameter 'merge_indptr' of type 'const int *' (a pointer takes a DeviceBuffer)", e.getMessage());
  }

  @Test
  void classByValue_checkedBySizeAndName() {
    assertEquals(1, LaunchCheck.check(decode, List.of(KernelArg.struct("MLAParams", new byte[448]))).size());
    LaunchCheck.LaunchArgumentException size = assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(decode, List.of(KernelArg.struct("MLAParams", new byte[440]))));
    assertEquals("cannot launch 'jitguard::mla::hopper::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, "
        + "int>': argument 1: passing 'MLAParams' (440 bytes) to parameter 'params' of type 'MLAParams<__nv_bfloat16, "
        + "__nv_bfloat16, __nv_bfloat16, int>': the kernel's 'MLAParams<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, "
        + "int>' is 448 bytes", size.getMessage());
    assertThrows(LaunchCheck.LaunchArgumentException.class,
        () -> LaunchCheck.check(decode, List.of(KernelArg.struct("OtherParams", new byte[448]))));
  }
}
