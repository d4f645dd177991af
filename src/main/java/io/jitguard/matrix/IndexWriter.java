package io.jitguard.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code index.json} beside the CUBINs: for every unit its artifacts, lowered names, sizes,
 * sha256 and options, and for every slot the variant a runtime should load.
 */
final class IndexWriter {
  static final String FILE_NAME = "index.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IndexWriter() {}

  static void write(MatrixResult r) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("format", 1);
    index.putAll(MatrixJson.header(r));
    r.shard().ifPresent(s -> index.put("shard", s.toString()));
    index.put("slots", r.slots().stream().map(MatrixJson::slot).toList());
    index.put("units", r.units().stream().map(u -> MatrixJson.unit(u, MatrixJson.isSelected(r, u))).toList());
    Path file = r.outDir().resolve(FILE_NAME);
    try {
      Path tmp = Files.createTempFile(r.outDir(), FILE_NAME, ".tmp");
      JSON.writeValue(tmp.toFile(), index);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
