package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel manifest: which kernel families exist, their variants and instantiations, how to
 * compile them and for which targets by default. Paths are absolute, resolved against the
 * manifest's folder.
 */
public record Manifest(
    Path file, ImmutableList<Target> defaultTargets, ImmutableList<Path> includeDirs,
    ImmutableList<String> options, ImmutableList<KernelFamily> families, ImmutableList<BindingGroup> bindings) {

  /**
   * C++ binding sources and the Python sources that call what they register, checked together
   * (JG005): every registration of a name among {@code sources} counts for the calls in {@code python}.
   */
  public record BindingGroup(ImmutableList<Path> sources, ImmutableList<Path> python) {}

  public Manifest(Path file, ImmutableList<Target> defaultTargets, ImmutableList<Path> includeDirs,
      ImmutableList<String> options, ImmutableList<KernelFamily> families) {
    this(file, defaultTargets, includeDirs, options, families, ImmutableList.of());
  }

  /** The current manifest format; files declare it as {@code "format": 1}. */
  public static final int FORMAT = 1;
  public static final String FILE_NAME = "manifest.json";

  public Manifest {
    defaultTargets = ImmutableList.copyOf(defaultTargets);
    includeDirs = ImmutableList.copyOf(includeDirs);
    options = ImmutableList.copyOf(options);
    families = ImmutableList.copyOf(families);
    bindings = ImmutableList.copyOf(bindings);
  }

  public Path root() {
    return file.getParent();
  }

  public Optional<KernelFamily> family(String name) {
    return families.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The named families, or all of them when {@code names} is empty.
   *
   * @throws IllegalArgumentException naming the unknown family and the ones declared
   */
  public ImmutableList<KernelFamily> families(List<String> names) {
    if (names.isEmpty()) {
      return families;
    }
    ImmutableList.Builder<KernelFamily> out = ImmutableList.builder();
    for (String n : names) {
      out.add(family(n).orElseThrow(() -> new IllegalArgumentException("unknown family '" + n + "': " + file
          + " declares " + families.stream().map(KernelFamily::name).toList())));
    }
    return out.build();
  }
}
