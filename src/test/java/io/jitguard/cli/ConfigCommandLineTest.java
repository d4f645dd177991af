package io.jitguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitguard.testing.CliRun;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's jitguard.json beside the manifest, under the command-line flags. */
class ConfigCommandLineTest {
  @TempDir Path project;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @BeforeEach
  void copyProject() throws IOException {
    for (String f : new String[] {"manifest.json", "fp8_user.cu", "tripled.cu"}) {
      Files.copy(TestResources.path("manifests/diagnostics/" + f), project.resolve(f));
    }
  }

  @Test
  void projectConfig_setsTargetsAndOutput_andAFlagOverridesIt() throws Exception {
    Files.writeString(project.resolve("jitguard.json"),
        "{\"format\": 1, \"targets\": [\"sm_90\"], \"output\": \"json\", \"check\": false, \"jobs\": 1}");
    String manifest = project.resolve("manifest.json").toString();
    CliRun fromConfig = run("compile", "--manifest", manifest, "--out", project.resolve("out").toString(), "--family",
        "fp8_convert");
    JsonNode doc = new ObjectMapper().readTree(fromConfig.out());
    assertEquals("sm_90", doc.at("/targets/0").asText(), fromConfig.out());
    assertEquals(1, doc.at("/summary/jobs").asInt());
    CliRun flagged = run("compile", "--manifest", manifest, "--out", project.resolve("out").toString(), "--family",
        "fp8_convert", "--targets", "80");
    assertEquals("sm_80", new ObjectMapper().readTree(flagged.out()).at("/targets/0").asText());
  }

  @Test
  void misspeltKeyInTheProjectConfig_isAConfigurationErrorWithTheSuggestion() throws IOException {
    Path config = Files.writeString(project.resolve("jitguard.json"), "{\"format\": 1, \"stirct\": true}");
    CliRun r = run("compile", "--manifest", project.resolve("manifest.json").toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("jitguard: configuration problem:\n" + config + ":1:15: error: unknown key 'stirct' "
        + "(did you mean 'strict'?)\n", r.err());
  }

  @Test
  void doctor_listsTheConfigFilesItRead() throws IOException {
    Path config = Files.writeString(project.resolve("jitguard.json"), "{\"format\": 1}");
    CliRun r = run("doctor", "--manifest", project.resolve("manifest.json").toString());
    assertTrue(r.out().contains("config       ok   ") && r.out().contains("project " + config
        + "; command-line flags override them"), r.out());
  }
}
