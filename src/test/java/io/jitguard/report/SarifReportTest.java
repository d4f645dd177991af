package io.jitguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF 2.1.0 reports validate against the official schema (../shared/schemas/sarif-2.1.0.json). */
class SarifReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  private static Schema schema() throws IOException {
    Path file = TestResources.projectDir().resolve("../shared/schemas/sarif-2.1.0.json").normalize();
    assumeTrue(Files.isRegularFile(file), "the SARIF schema is not beside this checkout at " + file);
    try (InputStream in = Files.newInputStream(file)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
  }

  private static List<String> errors(Map<String, Object> doc) throws IOException {
    return schema().validate(JSON.writeValueAsString(doc), InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static Checker.Result incident() {
    Path dir = TestResources.path("check/incident");
    return CheckRunner.run(new CheckRequest(null, ImmutableList.of(dir.resolve("run_hopper.cu"),
        dir.resolve("plan_hopper.cu"), dir.resolve("uses_config.cu")), ImmutableList.of(dir), ImmutableMap.of(),
        ImmutableList.of("sm_90a"), ImmutableList.of("run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>",
            "run_sm90<__half, __half, __half, int>"), ImmutableMap.of(), ImmutableList.of()));
  }

  @Test
  void incidentReproduction_sarifValidatesAgainstTheSchema() throws IOException {
    Map<String, Object> doc = SarifReport.forCheck(incident());
    assertEquals(List.of(), errors(doc));
    JsonNode run = JSON.valueToTree(doc).at("/runs/0");
    assertEquals("jitguard", run.at("/tool/driver/name").asText());
    assertEquals("JG001", run.at("/tool/driver/rules/0/id").asText());
    assertEquals("call-arity-mismatch", run.at("/tool/driver/rules/0/name").asText());
    assertEquals("error", run.at("/tool/driver/rules/0/defaultConfiguration/level").asText());
    assertEquals(5, run.at("/results").size()); // three JG002, one JG001, one JG004
    JsonNode arity = findResult(run, "JG001");
    assertEquals("no declaration of 'MLAPlan' takes 14 arguments", arity.at("/message/text").asText());
    assertEquals("test-resources/check/incident/plan_hopper.cu",
        arity.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals("%SRCROOT%", arity.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText());
    assertEquals(9, arity.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals("'MLAPlan' declared here with 15 parameters", arity.at("/relatedLocations/0/message/text").asText());
  }

  private static JsonNode findResult(JsonNode run, String rule) {
    for (JsonNode r : run.at("/results")) {
      if (r.get("ruleId").asText().equals(rule)) {
        return r;
      }
    }
    throw new AssertionError("no " + rule + " result in " + run);
  }

  @Test
  void internalError_sarifStillValidates_andSaysTheRunDidNotSucceed() throws IOException {
    System.setProperty(io.jitguard.cpp.sema.Analyzer.FAIL_ANALYSIS_OF, "boom");
    Checker.Result r;
    try {
      r = CheckRunner.run(new CheckRequest(null, ImmutableList.of(TestResources.path("internal/two_functions.cu")),
          ImmutableList.of(), ImmutableMap.of(), ImmutableList.of("sm_90a"), ImmutableList.of(), ImmutableMap.of(),
          ImmutableList.of()));
    } finally {
      System.clearProperty(io.jitguard.cpp.sema.Analyzer.FAIL_ANALYSIS_OF);
    }
    Map<String, Object> doc = SarifReport.forCheck(r);
    assertEquals(List.of(), errors(doc));
    JsonNode run = JSON.valueToTree(doc).at("/runs/0");
    assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean());
    assertEquals("error", run.at("/invocations/0/toolExecutionNotifications/0/level").asText());
    assertEquals("JG001", run.at("/results/0/ruleId").asText());
  }

  @Test
  void aBrokenDocument_failsValidation_soTheCheckAboveCanFail() throws IOException {
    Map<String, Object> doc = new java.util.LinkedHashMap<>(SarifReport.forCheck(incident()));
    doc.remove("version");
    assertFalse(errors(doc).isEmpty());
  }

  @Test
  void compileSarif_withCheckAndCompilerDiagnostics_validates() throws IOException {
    MatrixResult r = new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers()).run(new CompileRequest(
        TestResources.path("manifests/sarif-mixed/manifest.json"), ImmutableList.of("sm_80"), ImmutableList.of(), 2,
        out, false, false, true), ProgressListener.NONE);
    Map<String, Object> doc = SarifReport.forCompile(r);
    assertEquals(List.of(), errors(doc));
    JsonNode results = JSON.valueToTree(doc).at("/runs/0/results");
    assertTrue(results.toString().contains("\"ruleId\":\"JG000\""), results.toString()); // the #error reached
    assertTrue(results.toString().contains("\"ruleId\":\"NVRTC-177-D\""), results.toString()); // a compiler warning
  }
}
