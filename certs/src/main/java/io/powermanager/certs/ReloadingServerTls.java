package io.powermanager.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.ssl.SniX509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty {@link SslContextFactory.Server} serving {@code tls.crt}/{@code tls.key} from a
 * directory, reloaded without a restart when the files change (controller-runtime's certwatcher, in
 * Java).
 *
 * <p>A background thread watches the directory ({@link WatchService}: create, modify and delete of
 * any entry, so both our atomic renames and the {@code ..data} symlink swap of a Kubernetes Secret
 * volume are seen; the watch is registered again if it becomes invalid) and also re-reads the files
 * every poll interval (default 10 s). Events are let settle for {@link #SETTLE_TIME} before the
 * files are read, so the separate renames of key and certificate land as one reload. A reload
 * happens only when the bytes changed, the certificate chain and key parse, and the key belongs to
 * the leaf; it goes through {@link SslContextFactory#reload}, so connections already open keep
 * their session and only new handshakes see the new certificate. A reload that fails keeps the
 * previous certificate and logs one WARN per distinct content.
 *
 * <p>The factory allows TLS 1.3 and 1.2 only, and is started here: add it to a connector as is.
 * Thread-safe.
 */
public final class ReloadingServerTls implements AutoCloseable {
  /** How often the files are re-read even without a file event. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  /** How long file events must be quiet before the files are read. */
  static final Duration SETTLE_TIME = Duration.ofMillis(100);

  private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingServerTls.class);
  private static final String ALIAS = "serving";
  private static final byte[] MISSING = new byte[0];

  private final CertificateFiles files;
  private final Duration pollInterval;
  private final String password;
  private final SslContextFactory.Server ssl;
  private final WatchService watchService;
  private final Thread watcher;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failedReloads = new AtomicLong();
  private final Object lock = new Object();

  private volatile Served served;
  private byte[] suspectFingerprint;
  private byte[] lastFailedFingerprint;
  private WatchKey watchKey;
  private volatile boolean closed;

  private record Served(X509Certificate certificate, KeyStore keyStore, byte[] fingerprint) {}

  private ReloadingServerTls(Path directory, Duration pollInterval) throws IOException {
    this.files = new CertificateFiles(directory);
    this.pollInterval = requirePositive(pollInterval);
    var secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
    var certificateBytes = Files.readAllBytes(files.certificatePath());
    var keyBytes = Files.readAllBytes(files.privateKeyPath());
    var keyStore = keyStore(certificateBytes, keyBytes);
    this.served =
        new Served(
            (X509Certificate) certificateOf(keyStore),
            keyStore,
            fingerprint(certificateBytes, keyBytes));
    this.watchService = directory.getFileSystem().newWatchService();
    register();
    this.ssl = newFactory(keyStore);
    this.watcher = new Thread(this::watch, "tls-reloader-" + directory.getFileName());
    this.watcher.setDaemon(true);
  }

  /** Serves the files of {@code directory}, re-read every {@link #DEFAULT_POLL_INTERVAL}. */
  public static ReloadingServerTls start(Path directory) {
    return start(directory, DEFAULT_POLL_INTERVAL);
  }

  /**
   * Serves the files of {@code directory}, re-read at least every {@code pollInterval}.
   *
   * @throws UncheckedIOException if {@code tls.crt} or {@code tls.key} cannot be read
   * @throws CertificateMaterialException if they do not parse or do not match
   */
  public static ReloadingServerTls start(Path directory, Duration pollInterval) {
    Objects.requireNonNull(directory, "directory");
    try {
      var tls = new ReloadingServerTls(directory, pollInterval);
      tls.watcher.start();
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.DIRECTORY, directory)
          .addKeyValue(LogKeys.SERIAL, tls.served.certificate().getSerialNumber().toString(16))
          .addKeyValue(LogKeys.NOT_AFTER, tls.served.certificate().getNotAfter().toInstant())
          .log("serving certificate loaded");
      return tls;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read serving certificate files in " + directory, e);
    }
  }

  /** The started factory; it always serves the current certificate. */
  public SslContextFactory.Server sslContextFactory() {
    return ssl;
  }

  /** The leaf certificate new handshakes are served. */
  public X509Certificate certificate() {
    return served.certificate();
  }

  /** How many reloads succeeded since start. */
  public long reloads() {
    return reloads.get();
  }

  /**
   * How many distinct file contents were refused (the previous certificate kept) since start.
   * Content is refused when it is still unusable on a second look, {@link #SETTLE_TIME} later or at
   * the next call.
   */
  public long failedReloads() {
    return failedReloads.get();
  }

  /**
   * Reads the files now and reloads the factory if they changed and are usable. The watch thread
   * calls this; so may anyone (it is idempotent).
   *
   * @return whether a new certificate is now served
   */
  public boolean reloadIfChanged() {
    synchronized (lock) {
      byte[] certificateBytes;
      byte[] keyBytes;
      try {
        certificateBytes = Files.readAllBytes(files.certificatePath());
        keyBytes = Files.readAllBytes(files.privateKeyPath());
      } catch (IOException e) {
        refuse(MISSING, "cannot read " + e.getMessage());
        return false;
      }
      var fingerprint = fingerprint(certificateBytes, keyBytes);
      if (Arrays.equals(fingerprint, served.fingerprint())) {
        suspectFingerprint = null;
        lastFailedFingerprint = null;
        return false;
      }
      if (Arrays.equals(fingerprint, lastFailedFingerprint)) {
        return false;
      }
      KeyStore keyStore;
      try {
        keyStore = keyStore(certificateBytes, keyBytes);
      } catch (CertificateMaterialException e) {
        refuse(fingerprint, e.getMessage());
        return false;
      }
      var previous = served;
      try {
        ssl.reload(factory -> factory.setKeyStore(keyStore));
      } catch (Exception e) {
        restore(previous);
        refuse(fingerprint, "Jetty refused it: " + e);
        return false;
      }
      var certificate = (X509Certificate) certificateOf(keyStore);
      served = new Served(certificate, keyStore, fingerprint);
      suspectFingerprint = null;
      lastFailedFingerprint = null;
      reloads.incrementAndGet();
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.DIRECTORY, files.directory())
          .addKeyValue(LogKeys.SERIAL, certificate.getSerialNumber().toString(16))
          .addKeyValue(LogKeys.NOT_AFTER, certificate.getNotAfter().toInstant())
          .log("serving certificate reloaded");
      return true;
    }
  }

  /** Stops watching and stops the factory. */
  @Override
  public void close() {
    closed = true;
    try {
      watchService.close();
    } catch (IOException e) {
      LOGGER.atDebug().setCause(e).log("closing the watch service failed");
    }
    watcher.interrupt();
    try {
      watcher.join(TimeUnit.SECONDS.toMillis(5));
      ssl.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOGGER.atDebug().setCause(e).log("stopping the SslContextFactory failed");
    }
  }

  private void watch() {
    while (!closed) {
      try {
        register();
        var timeout = hasSuspect() ? SETTLE_TIME : pollInterval;
        var key = watchService.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          settle(key);
        }
        reloadIfChanged();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOGGER
            .atWarn()
            .addKeyValue(LogKeys.DIRECTORY, files.directory())
            .setCause(e)
            .log("serving certificate check failed; retrying at the next poll");
      }
    }
  }

  /** Consumes events until none arrived for {@link #SETTLE_TIME}. */
  private void settle(WatchKey first) throws InterruptedException {
    var key = first;
    while (key != null) {
      key.pollEvents();
      if (!key.reset()) {
        watchKey = null;
      }
      key = watchService.poll(SETTLE_TIME.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** (Re-)registers the directory watch if it is missing or invalid and the directory exists. */
  private void register() {
    if (watchKey != null && watchKey.isValid()) {
      return;
    }
    var directory = files.directory();
    if (!Files.isDirectory(directory)) {
      return;
    }
    try {
      watchKey =
          directory.register(
              watchService,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      LOGGER
          .atDebug()
          .addKeyValue(LogKeys.DIRECTORY, directory)
          .setCause(e)
          .log("cannot watch the certificate directory; polling only");
    }
  }

  /**
   * Refuses unusable content: the first sighting only makes it suspect (it may be a write caught
   * between two renames); seen again, it is counted and logged once.
   */
  private void refuse(byte[] fingerprint, String reason) {
    if (Arrays.equals(fingerprint, lastFailedFingerprint)) {
      return;
    }
    if (!Arrays.equals(fingerprint, suspectFingerprint)) {
      suspectFingerprint = fingerprint;
      LOGGER
          .atDebug()
          .addKeyValue(LogKeys.DIRECTORY, files.directory())
          .addKeyValue(LogKeys.ERROR, reason)
          .log("serving certificate files not usable yet; checking again shortly");
      return;
    }
    suspectFingerprint = null;
    lastFailedFingerprint = fingerprint;
    failedReloads.incrementAndGet();
    LOGGER
        .atWarn()
        .addKeyValue(LogKeys.DIRECTORY, files.directory())
        .addKeyValue(LogKeys.SERIAL, served.certificate().getSerialNumber().toString(16))
        .addKeyValue(LogKeys.ERROR, reason)
        .log("serving certificate not reloaded; keeping the previous one");
  }

  private boolean hasSuspect() {
    synchronized (lock) {
      return suspectFingerprint != null;
    }
  }

  private void restore(Served previous) {
    try {
      ssl.reload(factory -> factory.setKeyStore(previous.keyStore()));
    } catch (Exception e) {
      LOGGER
          .atError()
          .addKeyValue(LogKeys.DIRECTORY, files.directory())
          .setCause(e)
          .log("cannot restore the previous serving certificate; TLS handshakes will fail");
    }
  }

  private SslContextFactory.Server newFactory(KeyStore keyStore) {
    var factory = new SslContextFactory.Server();
    factory.setKeyStore(keyStore);
    factory.setKeyStorePassword(password);
    factory.setKeyManagerPassword(password);
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    factory.addExcludeProtocols("TLSv1", "TLSv1.1");
    // One certificate: let the JDK key manager pick it. Jetty's own SNI selection reads alias
    // maps that reload() clears and refills, which could fail a handshake racing a reload.
    factory.setSNISelector(
        (keyType, issuers, session, sniHost, certificates) ->
            SniX509ExtendedKeyManager.SniSelector.DELEGATE);
    try {
      factory.start();
    } catch (Exception e) {
      throw new CertificateMaterialException(
          "Jetty cannot use the serving certificate in " + files.directory() + ": " + e, e);
    }
    return factory;
  }

  private KeyStore keyStore(byte[] certificateBytes, byte[] keyBytes) {
    var chain = Pem.certificates(new String(certificateBytes, StandardCharsets.US_ASCII));
    var key = Pem.privateKey(new String(keyBytes, StandardCharsets.US_ASCII));
    var leaf = chain.get(0);
    if (!Pem.matches(key, leaf.getPublicKey())) {
      throw new CertificateMaterialException(
          CertificateFiles.PRIVATE_KEY
              + " does not belong to "
              + CertificateFiles.CERTIFICATE
              + " (serial "
              + leaf.getSerialNumber().toString(16)
              + ")");
    }
    try {
      var keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(Certificate[]::new));
      return keyStore;
    } catch (GeneralSecurityException | IOException e) {
      throw new CertificateMaterialException("cannot build a key store: " + e.getMessage(), e);
    }
  }

  private static Certificate certificateOf(KeyStore keyStore) {
    try {
      return keyStore.getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("in-memory key store lost its entry", e);
    }
  }

  private static byte[] fingerprint(byte[] certificateBytes, byte[] keyBytes) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update(certificateBytes);
      digest.update((byte) 0);
      digest.update(keyBytes);
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static Duration requirePositive(Duration pollInterval) {
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval " + pollInterval + " must be positive");
    }
    return pollInterval;
  }
}
