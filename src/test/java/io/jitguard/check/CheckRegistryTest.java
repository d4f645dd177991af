package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {
  @Test
  void everyCheckHasAStableIdentity_sortedAndUnique() {
    List<String> ids = CheckRegistry.ALL.stream().map(c -> c.info().id()).toList();
    assertTrue(ids.size() >= 4, ids.toString());
    assertEquals(ids.stream().sorted().distinct().toList(), ids, "sorted and unique");
    for (Check c : CheckRegistry.ALL) {
      CheckInfo info = c.info();
      assertTrue(info.id().matches("JG\\d{3}"), info.id());
      assertTrue(info.name().matches("[a-z0-9-]+"), info.name());
      assertFalse(info.summary().endsWith("."), info.summary());
      assertFalse(info.explanation().isBlank(), info.id());
      assertTrue(info.severity() == Severity.ERROR || info.severity() == Severity.WARNING, info.id());
      Path fixtures = TestResources.path("check").resolve(info.id().toLowerCase(Locale.ROOT));
      assertTrue(Files.isDirectory(fixtures), info.id() + " has no fixtures in " + fixtures);
    }
    List<String> names = CheckRegistry.ALL.stream().map(c -> c.info().name()).toList();
    assertEquals(names.stream().distinct().toList(), names, "names unique");
  }
}
