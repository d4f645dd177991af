package io.jitguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
    return f;
  }

  private List<String> problems(String json) throws IOException {
    Path f = write("jitguard.json", json);
    return assertThrows(ConfigException.class, () -> ConfigReader.read(f)).problems().stream()
        .map(p -> p.substring(f.toString().length() + 1)).toList();
  }

  @Test
  void validFile_readsEveryKey() throws IOException {
    Settings s = ConfigReader.read(write("jitguard.json", "{\"format\": 1, \"targets\": [\"80\", \"sm_90a\"], "
        + "\"jobs\": 4, \"outDir\": \"build/kernels\", \"strict\": true, \"check\": false, \"verbose\": true, "
        + "\"output\": \"sarif\", \"failOnWarnings\": true}"));
    assertEquals(Optional.of(ImmutableList.of("80", "sm_90a")), s.targets());
    assertEquals(Optional.of(4), s.jobs());
    assertEquals(Optional.of("build/kernels"), s.outDir());
    assertEquals(Optional.of(true), s.strict());
    assertEquals(Optional.of(false), s.check());
    assertEquals(Optional.of("sarif"), s.output());
  }

  @Test
  void unknownKey_isAnErrorWithFileLineAndColumn() throws IOException {
    assertEquals(List.of("1:15: error: unknown key 'colour'"), problems("{\"format\": 1, \"colour\": \"red\"}"));
  }

  @Test
  void remoteCache_mustBeAnHttpUrl() throws IOException {
    assertEquals(List.of("1:30: error: 'remoteCache' must be an http:// or https:// URL, not 'cache.example'"),
        problems("{\"format\": 1, \"remoteCache\": \"cache.example\"}"));
  }

  @Test
  void misspeltKey_suggestsTheKeyThatWasMeant() throws IOException {
    assertEquals(List.of("2:3: error: unknown key 'taregts' (did you mean 'targets'?)"),
        problems("{\"format\": 1,\n  \"taregts\": [\"80\"]}"));
  }

  @Test
  void wrongTypes_areEachReported() throws IOException {
    assertEquals(List.of("1:23: error: 'jobs' must be an integer, not string",
        "1:38: error: 'strict' must be true or false, not string",
        "1:55: error: 'output' must be one of text, json, sarif, not 'xml'"),
        problems("{\"format\": 1, \"jobs\": \"4\", \"strict\": \"yes\", \"output\": \"xml\"}"));
  }

  @Test
  void fileForAnOlderJitguard_isRecognisedWithTheFixSpelledOut() throws IOException {
    assertEquals(List.of("1:1: error: this config file was written for an older jitguard (format 0); this one reads "
        + "format 1. To update it: rename 'archs' to 'targets', rename 'parallel' to 'jobs', set \"format\": 1"),
        problems("{\"archs\": [\"sm_80\"], \"parallel\": 2}"));
  }

  @Test
  void fileForANewerJitguard_andAMissingFormat() throws IOException {
    assertEquals(List.of("1:12: error: this config file is for a newer jitguard (format 2); this one reads format 1: "
        + "update jitguard"), problems("{\"format\": 2}"));
    assertEquals(List.of("1:1: error: missing the required key 'format' (add \"format\": 1)"),
        problems("{\"jobs\": 2}"));
  }

  @Test
  void layers_userThenProjectThenFlags() throws IOException {
    Path userDir = dir.resolve("user");
    write("user/config.json", "{\"format\": 1, \"jobs\": 8, \"strict\": true, \"targets\": [\"80\"]}");
    Path manifest = write("project/manifest.json", "{}");
    write("project/jitguard.json", "{\"format\": 1, \"jobs\": 2}");
    Configuration c = Configuration.load(manifest, Map.of(Configuration.CONFIG_ENV, userDir.toString()), "/nowhere");
    assertEquals(List.of("user", "project"), c.layers().stream().map(Configuration.Layer::scope).toList());
    assertEquals(Optional.of(2), c.settings().jobs());               // project over user
    assertEquals(Optional.of(true), c.settings().strict());           // user, not overridden
    Settings flags = new Settings(Optional.of(ImmutableList.of("90a")), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertEquals(Optional.of(ImmutableList.of("90a")), c.settings().overriddenBy(flags).targets()); // flags over all
  }
}
