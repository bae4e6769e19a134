/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.camellabelstudio.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.PercentCodec;

import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.LabelStudioRedirectException;
import io.camellabelstudio.client.error.TaskFilesDirectoryException;
import io.camellabelstudio.client.export.SafeFileNames;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.model.DownloadedFile;
import io.camellabelstudio.client.model.FileDownloadFailure;
import io.camellabelstudio.client.model.TaskFileSource;
import io.camellabelstudio.client.model.TaskFilesResult;

/**
 * Downloads the files that tasks' data fields point to into a directory: string values starting with {@code http://}
 * or {@code https://}, and Label Studio's own paths starting with {@code /data/} (e.g. {@code /data/upload/12/3f2a-cat
 * .png}, resolved against the server's base URL). Other values (numbers, lists, objects, plain text) are ignored.
 *
 * <p><b>Credentials.</b> Files on the Label Studio server ({@code /data/...} paths, the other paths Label Studio serves
 * files from such as {@code /tasks/12/resolve/?fileuri=...}, and absolute URLs with the base URL's scheme, host and
 * port and under its path) are fetched through the client's transport, with its {@code Authorization} header, and only
 * from the paths Label Studio serves task files from ({@link ServedFilePaths}): a reference to any other path of the
 * server, such as {@code /api/current-user/token}, is reported as failed and never requested. A redirect of the server
 * to another host is followed as a file of that host: Label Studio answers a storage object's resolve path with 303 to
 * a presigned URL when the storage presigns. One to the server itself is not followed. Files on any other host are
 * fetched with a separate HTTP client that never carries the Label Studio key, following up to
 * {@value #MAX_REDIRECTS} redirects (presigned storage URLs often redirect). A server path with
 * {@code .} or {@code ..} segments is refused rather than sent with the key.
 *
 * <p><b>Other hosts.</b> Their addresses are checked against the {@link FileDownloadPolicy} before each request,
 * redirects included, and again when the connection is made ({@link FileHostResolver}): link-local and cloud metadata
 * addresses are always refused, loopback and private ones unless the policy allows them. Every file, from any host, is
 * cut off at the policy's {@link FileDownloadPolicy#maxFileBytes() size cap}: a larger announced length is refused
 * before the body is read, a longer body is dropped once it passes the cap.
 *
 * <p><b>Files.</b> Each file is written as {@code <taskId>_<field>_<name>}, {@code name} being the last segment of the
 * URL path (for {@code /data/local-files/?d=...}, of {@code d}; for a storage object's resolve path, of the object
 * its {@code fileuri} names, else of the presigned URL it redirects to), reduced to letters, digits, {@code .},
 * {@code -} and {@code _}; names stay inside the directory whatever the URL holds, and a name met twice in one run gets a
 * {@code _2}, {@code _3}... suffix. An existing file of the same name is replaced. Bodies are streamed to a hidden
 * temporary file ({@code .<random>.part}) in the directory and moved into place once complete, so a failed download
 * leaves nothing behind.
 *
 * <p><b>Failures.</b> A file that cannot be fetched (error answer, unknown host, refused or broken connection, body
 * shorter than announced, invalid URL) is listed in {@link TaskFilesResult#failed()} and the next one is tried. Only a
 * problem with the directory itself (cannot be created, not a directory, a file in it cannot be written) stops the
 * download, with a {@link TaskFilesDirectoryException}. URLs are reported without user info, query or fragment:
 * presigned URLs carry their credentials in the query.
 *
 * <p>Files are downloaded one after the other on the calling thread. An instance is thread-safe; it does not own (or
 * close) the HTTP client given for other hosts.
 */
public final class TaskFilesDownloader {

    /** Redirects followed for a file on another host. */
    static final int MAX_REDIRECTS = 5;

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_NAME_BYTES = 200;
    private static final int MAX_FIELD_BYTES = 64;
    private static final String DATA_PREFIX = "/data/";
    private static final String LOCAL_FILES_PATH = "/data/local-files";

    private final URI baseUrl;
    private final String basePath;
    private final FileDownloadTransport ownServer;
    private final CloseableHttpClient otherHosts;
    private final FileDownloadPolicy policy;

    /**
     * @param baseUrl the Label Studio server's base URL ({@link LabelStudioClient#url()}); decides which files are the
     *     server's own
     * @param ownServer fetches the server's own files with the client's credentials
     * @param otherHosts fetches files on other hosts; it must not add credentials of its own, and should have the
     *     client's timeouts, proxy and TLS settings. Not closed by this class
     */
    public TaskFilesDownloader(URI baseUrl, FileDownloadTransport ownServer, CloseableHttpClient otherHosts) {
        this(baseUrl, ownServer, otherHosts, FileDownloadPolicy.DEFAULTS);
    }

    private TaskFilesDownloader(
            URI baseUrl, FileDownloadTransport ownServer, CloseableHttpClient otherHosts, FileDownloadPolicy policy) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.ownServer = Objects.requireNonNull(ownServer, "ownServer");
        this.otherHosts = Objects.requireNonNull(otherHosts, "otherHosts");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (baseUrl.getHost() == null || !isHttp(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL with a host: " + baseUrl);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.basePath = path;
    }

    /** A downloader like this one that applies {@code policy} (addresses of other hosts, size cap). */
    public TaskFilesDownloader withPolicy(FileDownloadPolicy policy) {
        return new TaskFilesDownloader(baseUrl, ownServer, otherHosts, policy);
    }

    /** The policy in force: {@link FileDownloadPolicy#DEFAULTS} unless {@link #withPolicy} chose another. */
    public FileDownloadPolicy policy() {
        return policy;
    }

    /**
     * Downloads the files referenced by the data of {@code tasks} (a whole project's tasks may be passed lazily: each
     * is looked at once, in order) into {@code directory}, which is created when missing.
     *
     * @throws TaskFilesDirectoryException when the directory cannot be created or written to
     */
    public TaskFilesResult download(Iterable<TaskFileSource> tasks, Path directory) {
        Objects.requireNonNull(tasks, "tasks");
        Path dir = prepareDirectory(Objects.requireNonNull(directory, "directory"));
        Run run = new Run(dir);
        return FileHostResolver.with(policy, () -> {
            for (TaskFileSource task : tasks) {
                if (task == null) {
                    continue;
                }
                for (Map.Entry<String, ?> field : task.data().entrySet()) {
                    if (field.getKey() != null && field.getValue() instanceof String value) {
                        downloadValue(run, task.taskId(), field.getKey(), value);
                    }
                }
            }
            return new TaskFilesResult(run.downloaded, run.failed);
        });
    }

    /**
     * Like {@link #download(Iterable, Path)}, for tasks as Label Studio sends them ({@code {"id": 12, "data": {...}}}).
     *
     * @throws IllegalArgumentException when a task has no numeric {@code id} (see {@link TaskFileSource#fromTask})
     */
    public TaskFilesResult downloadTasks(Iterable<? extends Map<String, ?>> tasks, Path directory) {
        Objects.requireNonNull(tasks, "tasks");
        Iterable<TaskFileSource> sources = () -> new Iterator<>() {
            private final Iterator<? extends Map<String, ?>> it = tasks.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TaskFileSource next() {
                Map<String, ?> task = it.next();
                return task == null ? null : TaskFileSource.fromTask(task);
            }
        };
        return download(sources, directory);
    }

    private void downloadValue(Run run, long taskId, String field, String value) {
        if (Thread.currentThread().isInterrupted()) {
            throw new LabelStudioException("Downloading task files was interrupted after " + run.downloaded.size()
                    + " files; " + run.dir + " may hold some of them");
        }
        Reference ref;
        try {
            ref = reference(value);
        } catch (BadReference e) {
            run.failed.add(new FileDownloadFailure(taskId, field, e.reportUrl, null, e.getMessage()));
            return;
        }
        if (ref == null) {
            return; // not a file reference
        }
        Sink sink = new Sink(run.dir, policy.maxFileBytes());
        try {
            String name = ref.name;
            if (ref.request != null) {
                URI redirectedTo = fetchOwn(ref, sink);
                if (name == null) {
                    // a resolve path whose fileuri did not name the object: the presigned URL's path does, if any
                    String path = redirectedTo == null ? null : redirectedTo.getRawPath();
                    name = nameSource(path == null ? ref.uri.getRawPath() : path);
                }
            } else {
                fetchOther(ref.uri, 0, sink);
            }
            Path file = sink.moveTo(run.target(taskId, field, name));
            run.downloaded.add(new DownloadedFile(taskId, field, ref.reportUrl, file, sink.size));
        } catch (FetchFailure e) {
            run.failed.add(new FileDownloadFailure(taskId, field, ref.reportUrl, e.statusCode, e.getMessage()));
        } catch (TooLarge e) {
            run.failed.add(new FileDownloadFailure(taskId, field, ref.reportUrl, null, e.getMessage()));
        } catch (LocalWriteFailure e) {
            throw new TaskFilesDirectoryException(run.dir, e.getMessage(), e.getCause());
        } finally {
            sink.discard();
        }
    }

    // ---- fetching

    /**
     * Fetches a file of the server with the key. Label Studio answers a storage object's resolve path with a redirect
     * to a presigned URL when the storage presigns (S3's default): a redirect to another host is followed there
     * without the key, as a file of another host; one back to the server itself is not followed.
     *
     * @return the URL the file finally came from when it was another host's, else null
     */
    private URI fetchOwn(Reference ref, Sink sink) throws FetchFailure {
        try {
            ownServer.download(ref.request, sink::write);
            return null;
        } catch (LabelStudioRedirectException e) {
            URI target = e.getLocation();
            if (target == null || sameOrigin(target)) {
                throw new FetchFailure(e.getStatusCode(), "HTTP " + e.getStatusCode() + ": " + e.getDetail());
            }
            return fetchOther(target, 1, sink);
        } catch (LabelStudioApiException e) {
            throw new FetchFailure(
                    e.getStatusCode(),
                    "HTTP " + e.getStatusCode() + (e.getDetail() == null ? "" : ": " + e.getDetail()));
        } catch (LabelStudioException | IllegalArgumentException e) {
            throw new FetchFailure(null, e.getMessage());
        }
    }

    /**
     * Fetches a file of another host without the key, following up to {@value #MAX_REDIRECTS} redirects in all
     * ({@code redirectsSoFar} already taken).
     *
     * @return the URL the file finally came from
     */
    private URI fetchOther(URI start, int redirectsSoFar, Sink sink) throws FetchFailure {
        URI uri = start;
        for (int redirects = redirectsSoFar; ; redirects++) {
            checkAddress(uri);
            HttpGet get = new HttpGet(uri);
            get.setHeader(HttpHeaders.USER_AGENT, LabelStudioClient.USER_AGENT);
            get.setHeader(HttpHeaders.ACCEPT, "*/*");
            try (ClassicHttpResponse response =
                    otherHosts.executeOpen(RoutingSupport.determineHost(get), get, HttpClientContext.create())) {
                int status = response.getCode();
                if (isRedirect(status)) {
                    Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                    EntityUtils.consume(response.getEntity());
                    if (location == null) {
                        throw new FetchFailure(status, "HTTP " + status + " redirect without a Location");
                    }
                    if (redirects >= MAX_REDIRECTS) {
                        throw new FetchFailure(status, "more than " + MAX_REDIRECTS + " redirects");
                    }
                    uri = redirectTarget(uri, location.getValue(), status);
                    continue;
                }
                if (status >= 300) {
                    throw new FetchFailure(status, "HTTP " + status + ": " + response.getReasonPhrase());
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    sink.write(InputStream.nullInputStream(), 0);
                } else {
                    InputStream in = entity.getContent();
                    boolean complete = false;
                    try {
                        sink.write(in, entity.getContentLength());
                        complete = true;
                    } finally {
                        if (complete) {
                            in.close();
                        } else {
                            abort(in); // closing would read the rest, however long, to the end
                        }
                    }
                }
                return uri;
            } catch (IOException e) {
                throw new FetchFailure(null, describe(e));
            } catch (HttpException e) {
                throw new FetchFailure(null, "HTTP protocol error: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                // the message may quote the URL, query included
                throw new FetchFailure(null, "not a valid URL (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Refuses a host whose addresses the policy refuses (the connection checks again: {@link FileHostResolver}). */
    private void checkAddress(URI uri) throws FetchFailure {
        String host = uri.getHost();
        String lookup = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(lookup);
        } catch (UnknownHostException e) {
            throw new FetchFailure(null, "unknown host " + lookup);
        }
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(address);
            if (refusal != null) {
                throw new FetchFailure(
                        null, FileHostResolver.RefusedAddressException.describe(lookup, address, refusal));
            }
        }
    }

    private static void abort(InputStream in) {
        try {
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort(); // drops the connection
            } else {
                in.close();
            }
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location, int status) throws FetchFailure {
        try {
            URI target = from.resolve(new URI(location.strip().replace(" ", "%20")));
            if (!isHttp(target.getScheme()) || target.getHost() == null) {
                throw new FetchFailure(status, "redirect to a URL that is not http(s): " + withoutQuery(target));
            }
            return target;
        } catch (URISyntaxException e) {
            throw new FetchFailure(status, "redirect to an invalid URL: " + e.getReason());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileHostResolver.RefusedAddressException) {
            return e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        String kind = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (e instanceof ConnectException && message == null) {
            return "connection refused";
        }
        return message == null ? kind : kind + ": " + message;
    }

    // ---- references

    /** A value's file reference; null when the value is not one. */
    private Reference reference(String value) throws BadReference {
        boolean serverPath = value.startsWith(DATA_PREFIX) || isServedFileReference(value);
        if (!serverPath && !startsWithIgnoreCase(value, "http://") && !startsWithIgnoreCase(value, "https://")) {
            return null;
        }
        URI uri;
        try {
            String text = value.strip().replace(" ", "%20");
            uri = new URI(serverPath ? origin(baseUrl) + basePath + text : text);
        } catch (URISyntaxException e) {
            throw new BadReference(roughlyWithoutQuery(value), "not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new BadReference(roughlyWithoutQuery(value), "not a valid URL: no host");
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean own = serverPath || (sameOrigin(uri) && underBasePath(rawPath));
        if (!own) {
            return new Reference(uri, null, withoutQuery(uri), nameSource(rawPath));
        }
        String path = rawPath.substring(basePath.length());
        String decodedPath = PercentCodec.decode(path.isEmpty() ? "/" : path, StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> query = parseQuery(uri, value);
        String localFile = null;
        if (decodedPath.equals(LOCAL_FILES_PATH) || decodedPath.equals(LOCAL_FILES_PATH + "/")) {
            localFile = query.stream()
                    .filter(p -> p.getKey().equals("d"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
        String reportUrl = withoutQuery(uri)
                + (localFile == null ? "" : "?d=" + URLEncoder.encode(localFile, StandardCharsets.UTF_8));
        for (String segment : decodedPath.split("[/\\\\]", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new BadReference(reportUrl, "path has '.' or '..' segments; not sent to the Label Studio server");
            }
        }
        if (!ServedFilePaths.isServedFile(decodedPath)) {
            throw new BadReference(
                    reportUrl,
                    "not a path Label Studio serves task files from (" + ServedFilePaths.DESCRIPTION
                            + "); not sent to the Label Studio server");
        }
        ApiRequest request = ApiRequest.get(decodedPath);
        for (Map.Entry<String, String> parameter : query) {
            request = request.query(parameter.getKey(), parameter.getValue());
        }
        String name;
        if (localFile != null) {
            name = localFile;
        } else if (ServedFilePaths.isStorageResolvePath(decodedPath)) {
            name = storageObjectName(query); // null: named after the redirect's target, if any
        } else {
            name = nameSource(rawPath);
        }
        return new Reference(uri, request, reportUrl, name);
    }

    /**
     * The object's name from a resolve path's {@code fileuri}: Label Studio 1.23 sends the storage URI
     * ({@code s3://bucket/images/cat.png}) base64-encoded, older versions as it is. Null when it names no object.
     */
    static String storageObjectName(List<Map.Entry<String, String>> query) {
        String fileUri = query.stream()
                .filter(p -> p.getKey().equals("fileuri"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (fileUri == null || fileUri.isBlank()) {
            return null;
        }
        String storageUri = fileUri.contains("://") ? fileUri : base64Text(fileUri.strip());
        if (storageUri == null || !storageUri.contains("://")) {
            return null;
        }
        String path = storageUri.substring(storageUri.indexOf("://") + 3);
        int end = indexOfAny(path, '?', '#');
        path = end < 0 ? path : path.substring(0, end);
        String object = withoutTrailingSlashes(path);
        return object.indexOf('/') < 0 ? null : lastSegment(object); // no slash: a bucket, not an object
    }

    private static String base64Text(String value) {
        for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                return new String(decoder.decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // not this alphabet
            }
        }
        return null;
    }

    /** A relative value naming a path Label Studio serves files from, e.g. {@code /tasks/12/resolve/?fileuri=...}. */
    private static boolean isServedFileReference(String value) {
        if (!value.startsWith("/") || value.startsWith("//")) {
            return false;
        }
        int end = indexOfAny(value, '?', '#');
        String path = end < 0 ? value : value.substring(0, end);
        try {
            return ServedFilePaths.isServedFile(PercentCodec.decode(path, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Map.Entry<String, String>> parseQuery(URI uri, String value) throws BadReference {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                pairs.add(Map.entry(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) {
            throw new BadReference(withoutQuery(uri), "not a valid URL: malformed query string");
        }
        return pairs;
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(baseUrl.getScheme())
                && uri.getHost().equalsIgnoreCase(baseUrl.getHost())
                && effectivePort(uri) == effectivePort(baseUrl);
    }

    private boolean underBasePath(String rawPath) {
        return basePath.isEmpty() || rawPath.equals(basePath) || rawPath.startsWith(basePath + "/");
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static boolean isHttp(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The decoded last non-empty segment of a raw path. */
    private static String nameSource(String rawPath) {
        return PercentCodec.decode(lastSegment(rawPath), StandardCharsets.UTF_8);
    }

    /** The last non-empty segment of a path, as it is. */
    private static String lastSegment(String path) {
        String trimmed = withoutTrailingSlashes(path);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String withoutTrailingSlashes(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** scheme://host[:port]/path: no user info, query or fragment. */
    static String withoutQuery(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** For a value that is not a valid URL: cut at the first ? or #, and drop user info. */
    static String roughlyWithoutQuery(String value) {
        String text = value;
        int cut = indexOfAny(text, '?', '#');
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        return text.replaceFirst("^([A-Za-z]+://)[^/]*@", "$1").replaceAll("\\p{Cntrl}", "?");
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    // ---- file names

    /**
     * {@code <taskId>_<field>_<name>}, with field and name reduced to letters, digits, {@code .}, {@code -} and
     * {@code _}, {@code name} cut to its last path segment, and the whole at most {@value #MAX_NAME_BYTES} bytes in
     * UTF-8 (the name's extension is kept when it is cut).
     */
    static String safeFileName(long taskId, String field, String source) {
        String prefix = namePrefix(taskId, field);
        return prefix + nameBase(prefix, source);
    }

    private static String namePrefix(long taskId, String field) {
        String cleaned = SafeFileNames.clean(field);
        return taskId + "_" + (cleaned.isEmpty() ? "field" : SafeFileNames.fit(cleaned, MAX_FIELD_BYTES)) + "_";
    }

    private static String nameBase(String prefix, String source) {
        String base = SafeFileNames.clean(SafeFileNames.lastSegment(source == null ? "" : source));
        return SafeFileNames.fit(base.isEmpty() ? "file" : base, MAX_NAME_BYTES - SafeFileNames.utf8Length(prefix));
    }

    // ---- the directory

    private static Path prepareDirectory(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TaskFilesDirectoryException(dir, "it cannot be created (" + describeLocal(e) + ")", e);
        }
        if (!Files.isDirectory(dir)) {
            throw new TaskFilesDirectoryException(dir, "it is not a directory", null);
        }
        if (!Files.isWritable(dir)) {
            throw new TaskFilesDirectoryException(dir, "it is not writable", null);
        }
        return dir;
    }

    private static String describeLocal(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** One call's state: the directory, the results, the names used. */
    private static final class Run {
        final Path dir;
        final List<DownloadedFile> downloaded = new ArrayList<>();
        final List<FileDownloadFailure> failed = new ArrayList<>();
        final Set<String> usedNames = new HashSet<>();

        Run(Path dir) {
            this.dir = dir;
        }

        Path target(long taskId, String field, String source) {
            String prefix = namePrefix(taskId, field);
            String base = nameBase(prefix, source);
            String unique = prefix + base;
            for (int n = 2; !usedNames.add(unique.toLowerCase(Locale.ROOT)); n++) {
                int dot = base.lastIndexOf('.');
                unique = dot > 0
                        ? prefix + base.substring(0, dot) + "_" + n + base.substring(dot)
                        : prefix + base + "_" + n;
            }
            Path file = dir.resolve(unique).normalize();
            if (!dir.equals(file.getParent())) { // cannot happen with a cleaned name; checked anyway
                throw new TaskFilesDirectoryException(dir, "file name " + unique + " leaves the directory", null);
            }
            return file;
        }
    }

    /** Streams one body to a temporary file in the directory and moves it into place when complete. */
    private static final class Sink {
        private final Path dir;
        private final long maxBytes;
        private Path temp;
        long size;

        Sink(Path dir, long maxBytes) {
            this.dir = dir;
            this.maxBytes = maxBytes;
        }

        /** Network errors surface as IOException; local ones as LocalWriteFailure. */
        void write(InputStream in, long contentLength) throws IOException {
            discard(); // a retried body starts over
            size = 0;
            if (contentLength > maxBytes) {
                throw new TooLarge("the file is " + contentLength + " bytes, more than the limit of " + maxBytes);
            }
            OutputStream out;
            try {
                temp = Files.createTempFile(dir, ".", ".part");
                out = Files.newOutputStream(temp);
            } catch (IOException e) {
                throw new LocalWriteFailure("a file cannot be created in it (" + describeLocal(e) + ")", e);
            }
            try {
                byte[] buffer = new byte[BUFFER_SIZE];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (size + n > maxBytes) {
                        throw new TooLarge("the file is larger than the limit of " + maxBytes + " bytes; dropped");
                    }
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        throw new LocalWriteFailure("writing " + temp + " failed (" + describeLocal(e) + ")", e);
                    }
                    size += n;
                }
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new LocalWriteFailure("writing " + temp + " failed (" + describeLocal(e) + ")", e);
                }
            }
            if (contentLength >= 0 && size != contentLength) {
                throw new IOException("the body ended after " + size + " of " + contentLength + " bytes");
            }
        }

        Path moveTo(Path target) {
            if (temp == null) {
                throw new LocalWriteFailure("the transport returned without reading the body", null);
            }
            try {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new LocalWriteFailure(
                        "moving the download to " + target + " failed (" + describeLocal(e) + ")", e);
            }
            temp = null;
            return target;
        }

        void discard() {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a hidden .part file is left
                }
                temp = null;
            }
        }
    }

    private record Reference(URI uri, ApiRequest request, String reportUrl, String name) {}

    /** A value that looks like a URL but is not a usable one. */
    private static final class BadReference extends Exception {
        private static final long serialVersionUID = 1L;
        final String reportUrl;

        BadReference(String reportUrl, String reason) {
            super(reason, null, false, false);
            this.reportUrl = reportUrl;
        }
    }

    /** One file could not be fetched. */
    private static final class FetchFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final Integer statusCode;

        FetchFailure(Integer statusCode, String reason) {
            super(reason, null, false, false);
            this.statusCode = statusCode;
        }
    }

    /** A file over the size cap: unchecked so that it passes through the transport unchanged. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /** Writing to the directory failed: unchecked so that it passes through the transport unchanged. */
    private static final class LocalWriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LocalWriteFailure(String message, IOException cause) {
            super(message, cause);
        }
    }
}
