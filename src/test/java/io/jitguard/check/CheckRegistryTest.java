package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {
  @Test
  void everyCheckHasAStableIdentity_sortedAndUnique() {
    List<String> ids = CheckRegistry.ALL.stream().map(c -> c.info().id()).toList();
    assertEquals(List.of("JG001", "JG002", "JG003", "JG004"), ids);
    for (Check c : CheckRegistry.ALL) {
      CheckInfo info = c.info();
      assertTrue(info.name().matches("[a-z0-9-]+"), info.name());
      assertFalse(info.summary().endsWith("."), info.summary());
      // JG004's default is a warning (gcc's); its drafts say error where NVRTC rejects the file
      assertEquals(info.id().equals("JG004") ? Severity.WARNING : Severity.ERROR, info.severity(), info.id());
    }
  }
}
