package io.jitguard.nvrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Logs as NVRTC 13.3 printed them (captured from real compiles), parsed without a compiler. */
class NvrtcLogParserTest {
  private static final String ARITY_AND_TYPE = String.join("\n",
      "/tmp/exp/broken.cu(9): error: no instance of function template \"MLAPlan\" matches the argument list",
      "            argument types are: (int [2], int)",
      "    MLAPlan<int>(x, 1);",
      "    ^",
      "/tmp/exp/inc/params.cuh(4): note #3322-D: number of parameters of function template \"MLAPlan\" does not match the call",
      "  template <typename IdType> __device__ void MLAPlan(IdType* a, int b, int c) {}",
      "                                             ^",
      "",
      "/tmp/exp/broken.cu(5): error: a value of type \"__nv_bfloat16 *\" cannot be assigned to an entity of type \"float *\"",
      "    DISPATCH(0, [&]{",
      "    ^",
      "          detected during instantiation of \"void k<DTypeO>(char *) [with DTypeO=__nv_bfloat16]\" at line 11",
      "",
      "2 errors detected in the compilation of \"/tmp/exp/broken.cu\".",
      "");

  @Test
  void aLineNumberPastInt_isKeptAsTheLargest() { // found by ReaderFuzzTest#nvrtcLog: a NumberFormatException
    List<CompilerDiagnostic> d = NvrtcLogParser.parse("/tmp/exp/broken.cu(" + "6".repeat(40) + "): error: x\n"
        + "/tmp/exp/broken.cu(0000000012): error: y\n");
    assertEquals(2, d.size());
    assertEquals(Integer.MAX_VALUE, d.get(0).line());
    assertEquals(12, d.get(1).line());
  }

  @Test
  void arityError_carriesContinuationAndCandidateNote() {
    List<CompilerDiagnostic> diags = NvrtcLogParser.parse(ARITY_AND_TYPE);
    assertEquals(2, diags.size(), diags.toString());
    CompilerDiagnostic arity = diags.get(0);
    assertEquals("/tmp/exp/broken.cu", arity.file());
    assertEquals(9, arity.line());
    assertEquals(3, arity.column());
    assertEquals(Severity.ERROR, arity.severity());
    assertEquals("no instance of function template \"MLAPlan\" matches the argument list "
        + "argument types are: (int [2], int)", arity.message());
    assertEquals("  MLAPlan<int>(x, 1);", arity.excerpt());
    assertEquals(1, arity.notes().size());
    CompilerDiagnostic note = arity.notes().get(0);
    assertEquals("/tmp/exp/inc/params.cuh", note.file());
    assertEquals(4, note.line());
    assertEquals(44, note.column());
    assertEquals(Optional.of("3322-D"), note.number());
  }

  @Test
  void typeErrorInTemplate_carriesInstantiationAndBindings() {
    CompilerDiagnostic type = NvrtcLogParser.parse(ARITY_AND_TYPE).get(1);
    assertEquals(5, type.line());
    assertEquals(Optional.of("DTypeO=__nv_bfloat16"), type.bindings());
    assertEquals(List.of("instantiation of \"void k<DTypeO>(char *) [with DTypeO=__nv_bfloat16]\" at line 11"),
        type.instantiation());
    assertTrue(type.notes().isEmpty());
  }

  @Test
  void headerWarningWithNumber_andSuppressionRemarkDropped() {
    String log = String.join("\n",
        "/h/cuda_fp8.hpp(1499): warning #1444-D: class \"double4\" was declared deprecated (\"use double4_16a or double4_32a\")",
        "      explicit __CUDA_HOSTDEVICE_FP8__ __nv_fp8x4_e5m2(const double4 f) {",
        "                                       ^",
        "",
        "Remark: The warnings can be suppressed with \"-diag-suppress <warning-number>\"",
        "");
    List<CompilerDiagnostic> diags = NvrtcLogParser.parse(log);
    assertEquals(1, diags.size());
    assertEquals(Severity.WARNING, diags.get(0).severity());
    assertEquals(Optional.of("1444-D"), diags.get(0).number());
    assertEquals("/h/cuda_fp8.hpp:1499:38: warning: class \"double4\" was declared deprecated "
        + "(\"use double4_16a or double4_32a\") [#1444-D]", diags.get(0).headline());
  }

  @Test
  void nestedInstantiationContext_keepsEveryFrameInnermostFirst() {
    String log = String.join("\n",
        "k.cu(3): error: identifier \"undefined_thing\" is undefined",
        "    return undefined_thing;",
        "           ^",
        "          detected during:",
        "            instantiation of \"T inner<T>() [with T=float]\" at line 6",
        "            instantiation of \"void outer<T>() [with T=float]\" at line 9",
        "");
    CompilerDiagnostic d = NvrtcLogParser.parse(log).get(0);
    assertEquals(10, d.column());
    assertEquals(2, d.instantiation().size());
    assertEquals(Optional.of("T=float"), d.bindings());
  }

  @Test
  void catastrophicErrorWithoutContext_andEmptyLog() {
    String log = "k.cu(13): catastrophic error: #error directive: \"needs sm_90\"\n  #error \"needs sm_90\"\n   ^\n\n"
        + "1 catastrophic error detected in the compilation of \"k.cu\".\nCompilation terminated.\n";
    CompilerDiagnostic d = NvrtcLogParser.parse(log).get(0);
    assertEquals(Severity.FATAL, d.severity());
    assertTrue(d.severity().isError());
    assertEquals(2, d.column());
    assertTrue(NvrtcLogParser.parse("").isEmpty());
    assertTrue(NvrtcLogParser.parse("garbage without any headline\n").isEmpty());
  }
}
