package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders {@code deploy/kubernetes} with the real {@code kubectl kustomize} (Debian's
 * kubernetes-client; .ci/run installs it), parses the result with fabric8's Kubernetes model and
 * checks it against what the service really reads: every environment variable is one {@link Config}
 * knows, the literal values are ones {@link Config} accepts, the ports the probes, Services,
 * ServiceMonitor and NetworkPolicy name are the ports the container listens on.
 */
class KubernetesManifestsTest {

  /**
   * Settings whose value names a file the service reads (it checks at startup that each one can be
   * read).
   */
  private static final Set<String> FILE_SETTINGS =
      Set.of(
          Config.DATABASE_PASSWORD_FILE,
          Config.TLS_CERT_FILE,
          Config.TLS_KEY_FILE,
          Config.TLS_CLIENT_CA_FILE);

  private static final Set<String> HEALTH_PATHS = Set.of("/health/live", "/health/ready");

  /**
   * Seconds the pod gets after drain + grace to close the pool and exit 0 before the kubelet's
   * SIGKILL.
   */
  private static final int EXIT_MARGIN_SECONDS = 5;

  /** The keys of the Secrets the README tells operators to create. */
  private static final Set<String> SECRET_KEYS =
      Set.of(
          "database-url",
          "database-direct-url",
          "database-password",
          "secret-key",
          "secret-keys-previous");

  private static final Path DEPLOY =
      Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final Map<String, Class<? extends HasMetadata>> MODELS =
      Map.of(
          "Deployment", Deployment.class,
          "Service", Service.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "Job", Job.class,
          "NetworkPolicy", NetworkPolicy.class,
          // the Prometheus Operator's kind is not in the core model: parsed generically, checked
          // field by field
          "ServiceMonitor", GenericKubernetesResource.class);

  private static List<HasMetadata> overlay;

  @BeforeAll
  static void render() throws Exception {
    overlay = parse(kustomize(DEPLOY.resolve("overlays/example")));
  }

  @Test
  void the_base_renders_on_its_own_too() throws Exception {
    assertThat(parse(kustomize(DEPLOY.resolve("base"))))
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrderElementsOf(overlay.stream().map(HasMetadata::getKind).toList());
  }

  @Test
  void the_overlay_holds_each_part_once_in_its_namespace() {
    assertThat(overlay)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "Deployment",
            "Service",
            "Service",
            "Service",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler",
            "Job",
            "NetworkPolicy",
            "ServiceMonitor");
    assertThat(overlay)
        .allSatisfy(resource ->
            assertThat(resource.getMetadata().getNamespace())
                .as("namespace of %s", resource.getMetadata().getName())
                .isEqualTo("switchboard"));
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(container().getImage()).isEqualTo("registry.example.com/platform/switchboard:0.1.0");
  }

  @Test
  void every_environment_variable_is_one_the_service_reads() {
    Set<String> known = new TreeSet<>(Config.KNOWN_VARIABLES);
    for (Container container : allContainers()) {
      assertThat(container.getEnv())
          .extracting(EnvVar::getName)
          .as("environment of container %s", container.getName())
          .doesNotHaveDuplicates()
          .allSatisfy(name -> assertThat(known).as("settings the service reads").contains(name));
    }
  }

  @Test
  void the_values_are_ones_the_service_accepts_and_its_ports_are_the_containers() {
    Map<String, String> environment = environmentForConfig(container());
    Config config =
        Config.fromEnvironment(environment); // throws ConfigException naming a bad setting

    Map<String, Integer> ports = containerPorts(container());
    assertThat(ports).containsOnlyKeys("http", "grpc", "management");
    assertThat(ports.get("http")).isEqualTo(config.httpPort());
    assertThat(ports.get("grpc")).isEqualTo(config.grpcPort());
    assertThat(ports.get("management"))
        .isEqualTo(
            Integer.parseInt(
                literal(container(), "SWITCHBOARD_MANAGEMENT_PORT")
                    .orElse(String.valueOf(Config.DEFAULT_MANAGEMENT_PORT))));
    // the migration Job passes the same validation
    Config.fromEnvironment(environmentForConfig(migrationContainer()));
  }

  @Test
  void probes_ask_the_management_port_for_health() {
    Container container = container();
    Map<String, Integer> ports = containerPorts(container);
    int management = ports.get("management");
    assertProbe(container.getStartupProbe(), "/health/ready", ports, management);
    assertProbe(container.getReadinessProbe(), "/health/ready", ports, management);
    assertProbe(container.getLivenessProbe(), "/health/live", ports, management);
    assertThat(
            container.getStartupProbe().getFailureThreshold()
                * container.getStartupProbe().getPeriodSeconds())
        .as("seconds a replica may take to load its route cache")
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void termination_grace_covers_drain_and_grace() {
    Container container = container();
    int drain =
        Integer.parseInt(literal(container, "SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS").orElse("5"));
    long grace =
        Config.fromEnvironment(environmentForConfig(container)).shutdownGrace().toSeconds();
    assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(drain + grace + EXIT_MARGIN_SECONDS);
  }

  @Test
  void services_reach_the_named_container_ports_of_the_server_pods() {
    Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
    Map<String, Integer> ports = containerPorts(container());
    Service http = service("switchboard-http");
    Service grpc = service("switchboard-grpc");
    Service management = service("switchboard-management");

    assertThat(http.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(grpc.getSpec().getClusterIP())
        .as("gRPC is headless, for client-side balancing")
        .isEqualTo("None");
    for (Service service : List.of(http, grpc, management)) {
      assertThat(podLabels)
          .as("pod labels selected by %s", service.getMetadata().getName())
          .containsAllEntriesOf(service.getSpec().getSelector());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(resolve(port.getTargetPort(), ports))
            .as("target of %s", port.getName())
            .isEqualTo(ports.get(port.getName()))
            .isEqualTo(port.getPort());
      }
    }
    assertThat(http.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http");
    assertThat(grpc.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("grpc");
    assertThat(management.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("management");
  }

  @Test
  void prometheus_scrapes_metrics_on_the_management_service() {
    GenericKubernetesResource monitor = (GenericKubernetesResource) single("ServiceMonitor");
    JsonNode spec = JSON.valueToTree(monitor.getAdditionalProperties().get("spec"));
    Map<String, String> selector = JSON.convertValue(spec.at("/selector/matchLabels"), Map.class);
    List<Service> selected =
        services().stream()
            .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
            .toList();
    assertThat(selected)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("switchboard-management");
    assertThat(spec.at("/endpoints/0/port").asText()).isEqualTo("management");
    assertThat(spec.at("/endpoints/0/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void disruption_budget_and_autoscaler_keep_three_replicas_up() {
    Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
    PodDisruptionBudget pdb = (PodDisruptionBudget) single("PodDisruptionBudget");
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

    HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) single("HorizontalPodAutoscaler");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(deployment().getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment().getSpec().getReplicas());
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
  }

  @Test
  void the_migration_job_runs_the_same_image_with_migrate_on_a_direct_connection() {
    Job job = (Job) single("Job");
    Container migrate = migrationContainer();
    assertThat(migrate.getImage()).isEqualTo(container().getImage());
    assertThat(migrate.getArgs()).containsExactly("migrate");
    assertThat(migrate.getCommand()).as("the image's entry point runs Main").isNullOrEmpty();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(migrate.getEnv())
        .filteredOn(e -> e.getName().equals(Config.DATABASE_URL))
        .singleElement()
        .satisfies(e ->
            assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("database-direct-url"));
    assertThat(literal(container(), "SWITCHBOARD_MIGRATE_ON_START"))
        .as("the Job migrates, replicas do not")
        .contains("false");
  }

  @Test
  void secrets_come_from_the_documented_secrets_and_keys() throws IOException {
    String readme = Files.readString(DEPLOY.resolve("../../README.md"), StandardCharsets.UTF_8);
    for (Container container : allContainers()) {
      for (EnvVar variable : container.getEnv()) {
        if (variable.getValueFrom() != null) {
          var ref = variable.getValueFrom().getSecretKeyRef();
          assertThat(ref).as("%s comes from a Secret", variable.getName()).isNotNull();
          assertThat(ref.getName()).isEqualTo("switchboard");
          assertThat(SECRET_KEYS).contains(ref.getKey());
        }
      }
    }
    List<Volume> volumes =
        new ArrayList<>(deployment().getSpec().getTemplate().getSpec().getVolumes());
    assertThat(volumes)
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactlyInAnyOrder("switchboard", "switchboard-tls");
    for (String file :
        List.of(
            "SWITCHBOARD_TLS_CERT_FILE",
            "SWITCHBOARD_TLS_KEY_FILE",
            "SWITCHBOARD_TLS_CLIENT_CA_FILE",
            "SWITCHBOARD_DATABASE_PASSWORD_FILE")) {
      String path =
          literal(container(), file).orElseThrow(() -> new AssertionError(file + " is not set"));
      assertThat(container().getVolumeMounts())
          .as("a mount holding %s", path)
          .anySatisfy(m -> assertThat(path).startsWith(m.getMountPath() + "/"));
    }
    assertThat(readme).as("the README names every Secret key").contains(SECRET_KEYS);
  }

  @Test
  void the_network_policy_names_ports_the_pod_listens_on() {
    NetworkPolicy policy = (NetworkPolicy) single("NetworkPolicy");
    Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    Map<String, Integer> ports = containerPorts(container());
    List<NetworkPolicyPort> ingress =
        policy.getSpec().getIngress().stream().flatMap(rule -> rule.getPorts().stream()).toList();
    assertThat(ingress)
        .extracting(p -> resolve(p.getPort(), ports))
        .containsExactlyInAnyOrderElementsOf(ports.values());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
  }

  @Test
  void pods_run_as_non_root_on_a_read_only_root() {
    for (PodSpec pod :
        List.of(
            deployment().getSpec().getTemplate().getSpec(),
            ((Job) single("Job")).getSpec().getTemplate().getSpec())) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
      }
    }
  }

  // --- rendering and parsing ---

  static String kustomize(Path directory) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", directory.toString())
              .redirectErrorStream(false)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "kubectl is not on the PATH: install Debian's kubernetes-client (bash .ci/run does)", e);
    }
    process.getOutputStream().close();
    var stderr = process.getErrorStream();
    Thread drain =
        Thread.ofVirtual()
            .start(() -> {
              try {
                stderr.transferTo(OutputStream.nullOutputStream());
              } catch (IOException ignored) {
                // the exit code says whether rendering failed
              }
            });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl kustomize " + directory + " did not finish in 120 s");
    }
    drain.join();
    assertThat(process.exitValue()).as("kubectl kustomize %s exit code", directory).isZero();
    return out;
  }

  static List<HasMetadata> parse(String yaml) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isEmpty()) {
          continue;
        }
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> model = MODELS.get(kind);
        assertThat(model).as("a model for kind %s (add it and its checks here)", kind).isNotNull();
        // unknown fields fail: a misspelt or misplaced field would be silently ignored by the
        // cluster
        resources.add(JSON.treeToValue(document, model));
      }
    }
    return resources;
  }

  // --- helpers ---

  private static HasMetadata single(String kind) {
    List<HasMetadata> found = overlay.stream().filter(r -> r.getKind().equals(kind)).toList();
    assertThat(found).as("resources of kind %s", kind).hasSize(1);
    return found.getFirst();
  }

  private static Deployment deployment() {
    return (Deployment) single("Deployment");
  }

  private static Container container() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.getFirst();
  }

  private static Container migrationContainer() {
    List<Container> containers =
        ((Job) single("Job")).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.getFirst();
  }

  private static List<Container> allContainers() {
    return List.of(container(), migrationContainer());
  }

  private static List<Service> services() {
    return overlay.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
  }

  private static Service service(String name) {
    return services().stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Service " + name));
  }

  private static Map<String, Integer> containerPorts(Container container) {
    return container.getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
  }

  private static Integer resolve(IntOrString port, Map<String, Integer> named) {
    if (port.getStrVal() != null) {
      assertThat(named).as("named port %s", port.getStrVal()).containsKey(port.getStrVal());
      return named.get(port.getStrVal());
    }
    return port.getIntVal();
  }

  private static void assertProbe(
      Probe probe, String path, Map<String, Integer> ports, int managementPort) {
    assertThat(probe).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as("an HTTP probe").isNotNull();
    assertThat(get.getPath()).isEqualTo(path).isIn(HEALTH_PATHS);
    assertThat(resolve(get.getPort(), ports)).as("probe port").isEqualTo(managementPort);
  }

  private static Optional<String> literal(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * A readable file standing in for {@code mountedPath} (one line of text, as a mounted Secret key
   * holds).
   */
  private static Path standIn(String mountedPath) {
    try {
      Path file =
          Files.createTempFile("k8s-standin-", Path.of(mountedPath).getFileName().toString());
      file.toFile().deleteOnExit();
      return Files.writeString(file, "stand-in\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The container's environment as the service would see it, limited to the settings this build's
   * {@link Config} reads; values from Secrets stand in as valid examples of their setting.
   */
  private static Map<String, String> environmentForConfig(Container container) {
    Map<String, String> environment = new HashMap<>();
    for (EnvVar variable : container.getEnv()) {
      if (!Config.KNOWN_VARIABLES.contains(variable.getName())) {
        continue;
      }
      String value =
          variable.getValue() != null
              ? variable.getValue()
              : switch (variable.getName()) {
                case Config.DATABASE_URL ->
                    "jdbc:postgresql://pgbouncer:6432/switchboard?prepareThreshold=0";
                case Config.DATABASE_LISTEN_URL -> "jdbc:postgresql://postgres:5432/switchboard";
                case Config.SECRET_KEY -> Base64.getEncoder().encodeToString(new byte[32]);
                case Config.SECRET_KEYS_PREVIOUS ->
                    "2026-01:" + Base64.getEncoder().encodeToString(new byte[32]);
                default ->
                    throw new AssertionError(
                        "no example value for " + variable.getName() + " from a Secret");
              };
      if (FILE_SETTINGS.contains(variable.getName())) {
        // the mounted file exists only in the pod: a readable stand-in, as the container would see
        // it
        value = standIn(value).toString();
      }
      environment.put(variable.getName(), value);
    }
    return environment;
  }
}
