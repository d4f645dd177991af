package io.jitguard.cpp.pp;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.model.NvrtcModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the file an {@code #include} names: quoted names in the including file's folder first,
 * then the {@code -I} folders; angled names in the {@code -I} folders only. A resolved file must
 * lie inside one of the roots: the {@code -I} folders, the folders of the input files, and the
 * project (when one is given: the repository the input belongs to). A quoted
 * {@code "../../common.cuh"} may climb out of its own folder within those; neither {@code ..} nor an
 * absolute path can reach outside them.
 */
public final class IncludeResolver {
  /** What an include resolved to. */
  public sealed interface Resolution permits Found, Toolkit, NotFound, Escapes {}

  public record Found(Path path) implements Resolution {}

  /** A CUDA header that no search folder has: provided by the compiler, modelled by the checker. */
  public record Toolkit(String name) implements Resolution {}

  public record NotFound(ImmutableList<Path> searched) implements Resolution {}

  public record Escapes(Path path) implements Resolution {}

  private final ImmutableList<Path> includeDirs;
  private final ImmutableList<Path> roots;

  public IncludeResolver(List<Path> includeDirs, List<Path> inputFiles) {
    this(includeDirs, inputFiles, java.util.Optional.empty());
  }

  public IncludeResolver(List<Path> includeDirs, List<Path> inputFiles, java.util.Optional<Path> projectRoot) {
    this.includeDirs = includeDirs.stream().map(IncludeResolver::canonical).collect(ImmutableList.toImmutableList());
    List<Path> r = new ArrayList<>(this.includeDirs);
    projectRoot.map(IncludeResolver::canonical).filter(p -> !r.contains(p)).ifPresent(r::add);
    for (Path f : inputFiles) {
      Path parent = canonical(f).getParent();
      if (parent != null && !r.contains(parent)) {
        r.add(parent);
      }
    }
    this.roots = ImmutableList.copyOf(r);
  }

  public ImmutableList<Path> roots() {
    return roots;
  }

  /**
   * Resolves an include; the same name from the same folder is looked up once per resolver (one
   * unit), so a header included thousands of times costs no file-system calls after the first.
   */
  public Resolution resolve(String name, boolean angled, Path includingDir) {
    return memo.computeIfAbsent(new Key(name, angled, includingDir), k -> lookUp(name, angled, includingDir));
  }

  private record Key(String name, boolean angled, Path includingDir) {}

  private final java.util.Map<Key, Resolution> memo = new java.util.HashMap<>();

  private Resolution lookUp(String name, boolean angled, Path includingDir) {
    try {
      return find(name, angled, includingDir);
    } catch (java.nio.file.InvalidPathException e) {
      return new NotFound(ImmutableList.of()); // a name no file system has (a NUL byte): nothing to read
    }
  }

  private Resolution find(String name, boolean angled, Path includingDir) {
    List<Path> searched = new ArrayList<>();
    if (Path.of(name).isAbsolute()) {
      Path p = canonical(Path.of(name));
      if (Files.isRegularFile(p)) {
        return inside(p) ? new Found(p) : new Escapes(p);
      }
    } else {
      List<Path> dirs = new ArrayList<>();
      if (!angled && includingDir != null) {
        dirs.add(includingDir);
      }
      dirs.addAll(includeDirs);
      for (Path dir : dirs) {
        Path p = dir.resolve(name).normalize();
        searched.add(dir);
        if (Files.isRegularFile(p)) {
          Path real = canonical(p);
          return inside(real) ? new Found(real) : new Escapes(real);
        }
      }
    }
    if (isToolkitHeader(name)) {
      return new Toolkit(name);
    }
    return new NotFound(ImmutableList.copyOf(searched));
  }

  static boolean isToolkitHeader(String name) {
    return NvrtcModel.isToolkitHeader(name);
  }

  /**
   * The project an input file belongs to: the nearest folder above it that holds a {@code .git},
   * else {@code workingDir} when the file lies inside it; empty when neither applies.
   */
  public static java.util.Optional<Path> projectOf(Path input, Path workingDir) {
    Path file = canonical(input);
    for (Path d = file.getParent(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return java.util.Optional.of(d);
      }
    }
    Path wd = canonical(workingDir);
    return file.startsWith(wd) && wd.getParent() != null ? java.util.Optional.of(wd) : java.util.Optional.empty();
  }

  private boolean inside(Path p) {
    return roots.stream().anyMatch(p::startsWith);
  }

  private static Path canonical(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      return abs;
    }
  }
}
