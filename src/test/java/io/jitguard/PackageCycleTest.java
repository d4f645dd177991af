package io.jitguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of {@code src/main/java} depends, through its imports, on a package that depends
 * back on it: the layout tells the architecture only while its arrows point one way.
 */
class PackageCycleTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.jitguard(?:\\.[a-z]\\w*)*)\\.[A-Z]",
      Pattern.MULTILINE);

  static Map<String, Set<String>> dependencies(Path sources) throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = sources.relativize(f.getParent()).toString().replace('/', '.');
        Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            out.add(m.group(1));
          }
        }
      }
    }
    return deps;
  }

  /** Each cycle as the path from a package back to itself, found by a depth-first search. */
  static List<List<String>> cycles(Map<String, Set<String>> deps) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : deps.keySet()) {
      search(start, deps, new ArrayList<>(), done, found);
    }
    return found;
  }

  private static void search(String pkg, Map<String, Set<String>> deps, List<String> path, Set<String> done,
      List<List<String>> found) {
    int at = path.indexOf(pkg);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(pkg);
      found.add(cycle);
      return;
    }
    if (done.contains(pkg)) {
      return;
    }
    path.add(pkg);
    for (String next : deps.getOrDefault(pkg, Set.of())) {
      search(next, deps, path, done, found);
    }
    path.remove(path.size() - 1);
    done.add(pkg);
  }

  @Test
  void noPackageCycle() throws IOException {
    Map<String, Set<String>> deps = dependencies(TestResources.projectDir().resolve("src/main/java"));
    assertTrue(deps.size() > 20, "the scan found the packages: " + deps.keySet());
    assertEquals(List.of(), cycles(deps), "package cycles (each from a package back to itself)");
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> deps = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c", "a")), cycles(new TreeMap<>(deps)));
  }
}
