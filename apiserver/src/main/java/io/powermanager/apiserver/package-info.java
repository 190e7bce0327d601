/**
 * An in-process stand-in for kube-apiserver, for the simulator ({@code power-manager simulate}),
 * integration tests and real kubectl (checked with 1.32/1.33 and 1.35). Entry point: {@link
 * io.powermanager.apiserver.EmbeddedApiServer}.
 *
 * <h2>Design</h2>
 *
 * <p><b>Shape.</b> The fabric8 {@code KubernetesMockServer} 8.0.0 in CRUD mode (plain HTTP on
 * 127.0.0.1) is only the store. Everything kube-apiserver does on top of storage is done by a
 * front, a second HTTP server in the same JVM that clients talk to:
 *
 * <ul>
 *   <li>{@code FrontServer} — transport (Vert.x 5): HTTP/1.1, chunked watch streams, WebSocket
 *       watch upgrades; handlers run on a worker pool.
 *   <li>{@code ApiRouter} — what a request is (discovery, OpenAPI, health, resource verb), the
 *       {@link io.powermanager.apiserver.RequestLog} and {@link
 *       io.powermanager.apiserver.FaultInjector}, reads with selectors and tables.
 *   <li>{@code Discovery}, {@code OpenApiDocuments}, {@code ResourceCatalog} — legacy discovery,
 *       {@code /version} and a minimal OpenAPI v3, from a table of built-in kinds plus every stored
 *       CRD.
 *   <li>{@code TableRenderer} (+ {@code HumanDuration}, {@code SimpleJsonPath}) — {@code as=Table}.
 *   <li>{@code FieldSelector}, {@code LabelSelector} — evaluated in the front for list, watch and
 *       deletecollection (the mock ignores field selectors other than name/namespace and set-based
 *       label selectors).
 *   <li>{@code WatchBridge} — one WebSocket watch on the mock per client watch: replay dropped at
 *       or below the requested resourceVersion, selector transitions (ADDED/DELETED), initial
 *       events with the {@code k8s.io/initial-events-end} bookmark, {@code timeoutSeconds}.
 *   <li>{@code WritePipeline} — defaulting ({@code Defaulter}), patching ({@code MergePatch},
 *       {@code StrategicMergePatch}, zjsonpatch), admission ({@code AdmissionController}, {@code
 *       WebhookMatcher}, {@code WebhookCaller}), {@code dryRun}, binding, finalizers, storing.
 *   <li>{@code CustomResourceSchemas} ({@code CrdSchema}, {@code StructuralPruning}, {@code
 *       CelRules}, {@code FieldError}) — a custom resource's body against its CRD's {@code
 *       openAPIV3Schema}: unknown fields pruned on decoding ({@code fieldValidation}: {@code Warn}
 *       by default, a {@code Warning} header per field; {@code Strict} a 400 {@code strict decoding
 *       error}; {@code Ignore}), then, between mutating and validating webhooks, validation by the
 *       networknt JSON Schema validator (OpenAPI 3.0 dialect; types, {@code int32}/{@code int64}
 *       ranges, enums, minimum/maximum, required, patterns, lengths, item counts) and the {@code
 *       x-kubernetes-validations} CEL rules (Google's CEL for Java). A failure is kube-apiserver's
 *       422 {@code Invalid} with {@code details.causes}. Updates ratchet: errors on values an
 *       update left unchanged are dropped. Status writes are validated the same way.
 *   <li>{@code QueryParameters} — booleans as Go's {@code strconv.ParseBool} ({@code watch=True}),
 *       integers and resourceVersions checked; malformed values are a 400.
 *   <li>{@code MockStore} — the mock as a typed store, with kube-apiserver's error Status bodies.
 *   <li>{@code GarbageCollector} — kube-controller-manager's garbage collector of dependents whose
 *       owners are all gone (background propagation), level triggered.
 * </ul>
 *
 * <p><b>Why Vert.x 5 core for the front.</b> The fabric8 8 client watches over WebSocket by default
 * ({@code BaseOperation.submitWatch} opens a {@code WatchConnectionManager} and falls back to an
 * HTTP-streaming {@code WatchHTTPManager} only when the upgrade answers 200/503 or when {@code
 * Config.onlyHttpWatches} is set), while kubectl and client-go watch over chunked HTTP. The front
 * must serve both. The JDK {@code HttpServer} has no WebSocket server; Jetty 12 would add its
 * WebSocket modules to every consumer; Vert.x 5 core is already on the classpath (the fabric8 HTTP
 * client and the mock both run on it) and does chunked responses and WebSocket upgrades in one
 * server. Its asynchrony stays in {@code FrontServer}: the rest is plain blocking code on a worker
 * pool, using the JDK {@code HttpClient} for the mock, for the mock's WebSocket watch and for
 * webhooks (HTTPS trusting exactly {@code clientConfig.caBundle}).
 *
 * <h2>What differs from kube-apiserver (on purpose or for now)</h2>
 *
 * <ul>
 *   <li>Only custom resources are validated (built-in kinds are stored as sent, unknown fields
 *       included). CEL rules run without cost budgets, {@code messageExpression} (the static
 *       message is used) or the Kubernetes CEL libraries; {@code oldSelf} is not correlated inside
 *       lists. CRDs themselves are not checked for being structural. {@code kubectl explain} fails
 *       (the OpenAPI documents carry no schemas).
 *   <li>No server-side apply and no protobuf bodies: both answer 415 ({@code kubectl create
 *       namespace|deployment ...} fail; {@code create ... --dry-run=client -o yaml | kubectl apply
 *       -f -} works).
 *   <li>Deletion is immediate, pods included (no graceful termination): {@code DELETE} answers the
 *       object and it is gone. Finalizers are honoured ({@code deletionTimestamp}, then removal
 *       with the last finalizer). Garbage collection of dependents is background propagation only
 *       ({@code GarbageCollector}: after every deletion, every 10 s and on {@code
 *       collectGarbage()}; {@code propagationPolicy} Orphan and Foreground are not honoured). No
 *       namespace cleanup, and objects may be created in namespaces that do not exist.
 *   <li>Admission: {@code matchConditions} (CEL) are not evaluated — a webhook whose rules and
 *       selectors match is called as if its conditions were true (logged once); {@code
 *       reinvocationPolicy: IfNeeded} never re-invokes; {@code clientConfig.service} cannot be
 *       resolved (a call error under {@code failurePolicy}); validating webhooks run one after the
 *       other, not in parallel. The pods {@code binding} subresource is not admitted, as in
 *       kube-apiserver. Every request is made by {@code kubernetes-admin}; there is no
 *       authentication or authorization.
 *   <li>Field selectors work on any dotted path (kube-apiserver allows a few per kind). {@code
 *       limit}/{@code continue} are checked but not applied: lists return everything in one page.
 *       {@code allowWatchBookmarks} is accepted; a BOOKMARK is sent only to end initial events.
 *   <li>UIDs are the mock's (sequential, unique per server). resourceVersions are the mock's global
 *       counter.
 *   <li>A watch cannot report an object deleted between the client's list and the watch's start:
 *       the mock keeps no history (the window is milliseconds).
 *   <li>Writes made directly through {@code EmbeddedApiServer.mock()} bypass all of the above;
 *       webhook configurations written there are not seen by admission until the front next writes
 *       one (admission keeps them until then).
 * </ul>
 */
package io.powermanager.apiserver;
