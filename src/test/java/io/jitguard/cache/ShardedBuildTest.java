package io.jitguard.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitguard.testing.Nginx;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's acceptance: two shard processes fill one nginx; a third, with an empty cache, assembles with no compile. */
class ShardedBuildTest {
  @TempDir Path dir;

  private String run(String name, String shard, String remote) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CacheWorker.class.getName(), "compile", TestResources.path("manifests/cache/manifest.json").toString(),
        dir.resolve("out-" + name).toString(), shard, remote));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JITGUARD_CACHE_DIR", dir.resolve("cache-" + name).toString()); // each machine its own
    pb.environment().remove(KernelCache.NO_CACHE_ENV);
    Process p = pb.start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), name + " did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), name + ": " + out);
    return out;
  }

  private static JsonNode index(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("index.json").toFile());
  }

  @Test
  void twoShardsFillTheServer_andAThirdMachineAssemblesEverythingWithNoCompile() throws Exception {
    RealNvrtc.nvrtc();
    try (Nginx nginx = Nginx.start(dir.resolve("nginx"))) {
      String url = nginx.url("cache");
      String one = run("shard1", "1/2", url);
      String two = run("shard2", "2/2", url);
      assertTrue(one.contains("units=2 ") && one.contains("compiled=2") && one.contains("byTimes=false"), one);
      assertTrue(two.contains("units=2 ") && two.contains("compiled=2"), two);
      String assembled = run("assemble", "-", url);
      assertTrue(assembled.contains("units=4 fromCache=4 compiled=0 failed=0"), assembled);
      run("single", "-", "-"); // one machine, no server: the reference

      JsonNode a = index(dir.resolve("out-assemble"));
      JsonNode single = index(dir.resolve("out-single"));
      assertEquals(names(single, "units", "name"), names(a, "units", "name"));
      assertEquals(single.get("slots").toString(), a.get("slots").toString());
      // the whole run recorded each unit's compile time on the server; shards now share by time
      assertTrue(Files.list(nginx.folder("cache")).anyMatch(p -> p.getFileName().toString().startsWith("times-")));
      String again = run("shard1-again", "1/2", url);
      assertTrue(again.contains("units=2 fromCache=2") && again.contains("byTimes=true"), again);
      // each CUBIN is the very one its shard compiled and uploaded
      Map<String, Path> byShard = new HashMap<>();
      for (String s : List.of("shard1", "shard2")) {
        for (JsonNode u : index(dir.resolve("out-" + s)).get("units")) {
          byShard.put(u.get("name").asText(), dir.resolve("out-" + s).resolve(u.get("cubin").asText()));
        }
      }
      assertEquals(4, byShard.size(), "the two shards cover every unit once");
      for (JsonNode u : a.get("units")) {
        assertTrue(u.get("fromCache").asBoolean(), u.toString());
        assertArrayEquals(Files.readAllBytes(byShard.get(u.get("name").asText())),
            Files.readAllBytes(dir.resolve("out-assemble").resolve(u.get("cubin").asText())), u.get("name").asText());
      }
    }
  }

  private static List<String> names(JsonNode index, String array, String field) {
    List<String> out = new ArrayList<>();
    index.get(array).forEach(n -> out.add(n.get(field).asText()));
    return out;
  }
}
