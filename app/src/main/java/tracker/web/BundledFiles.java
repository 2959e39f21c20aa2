package tracker.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A folder of browser assets bundled in the jar, as a folder on disk. Jetty serves a classpath
 * folder by mounting the whole jar (13,800 entries) as a zip file system and keeping its index on
 * the heap, which cost the start 0.6 s for the two folders served; copied out once (a few hundred
 * KB) they are served as plain files. Run from a classes folder (the tests), the folder itself.
 */
public final class BundledFiles {

  private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();
  private static final String COPY_PREFIX = "tracker-assets-";

  private BundledFiles() {}

  public static Path folder(String resourceFolder) {
    return COPIED.computeIfAbsent(resourceFolder, BundledFiles::locate);
  }

  /**
   * Deletes the copies made from the jar, for a stop that ends the JVM with {@code halt} (which
   * skips deleteOnExit); a copy is made again if asked for after.
   */
  public static void deleteCopies() {
    COPIED.entrySet().removeIf(copied -> {
      Path folder = copied.getValue();
      if (!folder.getFileName().toString().startsWith(COPY_PREFIX)) {
        return false; // a classes folder, not a copy
      }
      try (java.util.stream.Stream<Path> inside = Files.walk(folder)) {
        inside.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temp folder left behind is the operating system's to clear
      }
      return true;
    });
  }

  private static Path locate(String resourceFolder) {
    URL url = BundledFiles.class.getClassLoader().getResource(resourceFolder);
    if (url == null) {
      throw new IllegalStateException("the bundled folder " + resourceFolder + " is missing");
    }
    try {
      if ("file".equals(url.getProtocol())) {
        return Path.of(url.toURI());
      }
      JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
      Path copy = Files.createTempDirectory(COPY_PREFIX);
      copy.toFile().deleteOnExit(); // registered first, deleted last: after what it holds
      String prefix = resourceFolder + "/";
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        Path file = copy.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!file.startsWith(copy)) {
          continue; // a name climbing out of the folder is no asset of ours
        }
        Files.createDirectories(file.getParent());
        registerDeletion(copy, file.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, file);
        }
        file.toFile().deleteOnExit();
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled folder " + resourceFolder + " cannot be copied out", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each folder between the copy and {@code dir}, outermost first, so the deletion goes innermost first. */
  private static void registerDeletion(Path copy, Path dir) {
    if (dir.equals(copy) || !dir.startsWith(copy)) {
      return;
    }
    registerDeletion(copy, dir.getParent());
    dir.toFile().deleteOnExit();
  }
}
