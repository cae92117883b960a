package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.history;
import static io.switchboard.persistence.usecases.UseCaseSupport.query;
import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.sip;
import static io.switchboard.persistence.usecases.UseCaseSupport.trunk;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.persistence.testing.TestApplication;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SIP credentials are stored encrypted and never reach a log line, even with SQL logging at DEBUG.
 */
class TrunkSecretsIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  @Test
  void the_stored_password_bytes_are_not_the_plaintext_and_no_log_line_contains_it() {
    var acme = app.tenant("acme");
    String number = usNumber();
    String username = "sip-user-" + UUID.randomUUID();
    String password = "Pa55-" + UUID.randomUUID() + "-zebra";
    String newPassword = "Pa55-" + UUID.randomUUID() + "-okapi";
    TrunkRef key = new TrunkRef.ByKey(E164.parse(number), TrunkChannel.CALL);

    List<String> lines =
        captureLogs(() -> {
          app.useCases()
              .registerTrunk()
              .register(
                  acme.quickContext(),
                  trunk(
                      number,
                      TrunkChannel.CALL,
                      Optional.empty(),
                      sip("sip.example.com", username, password)));
          // a refused registration carrying the same secrets
          Throwable refused =
              catchThrowable(() ->
                  app.useCases()
                      .registerTrunk()
                      .register(
                          acme.quickContext(),
                          trunk(
                              number,
                              TrunkChannel.CALL,
                              Optional.empty(),
                              sip("sip.example.com", username, password))));
          assertThat(refused).isInstanceOf(AlreadyExistsException.class);
          assertThat(String.valueOf(refused.getMessage())).doesNotContain(password);
          app.useCases()
              .updateTrunk()
              .update(
                  acme.quickContext(),
                  new UpdateTrunkUseCase.Command(
                      key,
                      Patch.keep(),
                      Patch.keep(),
                      new SipInput(
                          Patch.keep(),
                          Patch.keep(),
                          Patch.keep(),
                          Patch.set(newPassword),
                          Patch.keep()),
                      Patch.keep(),
                      Optional.empty()));
          var credentials =
              app.useCases()
                  .getTrunkCredentials()
                  .credentials(acme.quickContext(Scope.TRUNK_CREDENTIALS), key);
          assertThat(credentials.password()).contains(newPassword);
          assertThat(credentials.username()).contains(username);
          app.useCases().getTrunk().get(acme.quickContext(), key);
          history(app, acme.quickContext(), ref(number));
        });

    assertThat(lines)
        .as("SQL is logged at DEBUG, so the check below has something to look at")
        .anyMatch(l -> l.contains("trunks"));
    for (String secret : List.of(username, password, newPassword)) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
      assertThat(lines).noneMatch(l -> l.contains(hex(secret)));
    }

    var stored =
        query(
            app,
            "select sip_password, sip_password_key_id, sip_username, t::text from trunks t"
                + " where number = ?",
            rs -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getBytes(3), rs.getString(4)},
            number);
    assertThat(stored).hasSize(1);
    byte[] passwordBytes = (byte[]) stored.get(0)[0];
    byte[] usernameBytes = (byte[]) stored.get(0)[2];
    assertThat(passwordBytes).isNotEmpty();
    assertThat(stored.get(0)[1]).isEqualTo("test");
    assertThat(new String(passwordBytes, StandardCharsets.ISO_8859_1))
        .doesNotContain(newPassword)
        .doesNotContain(password);
    assertThat(passwordBytes).isNotEqualTo(newPassword.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(usernameBytes, StandardCharsets.ISO_8859_1)).doesNotContain(username);
    String row = (String) stored.get(0)[3];
    for (String secret : List.of(username, password, newPassword)) {
      assertThat(row).doesNotContain(secret).doesNotContain(hex(secret));
    }
    var events =
        query(
            app,
            "select changes::text from change_events where number = ?",
            rs -> rs.getString(1),
            number);
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(e ->
            assertThat(e)
                .doesNotContain(password)
                .doesNotContain(newPassword)
                .doesNotContain(username));
    assertThat(String.join("\n", events)).contains("(secret)");
  }

  /**
   * Runs {@code work} with io.switchboard and org.jooq at DEBUG and returns every log line (with
   * stack traces).
   */
  private static List<String> captureLogs(Runnable work) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger switchboard = context.getLogger("io.switchboard");
    Logger jooq = context.getLogger("org.jooq");
    Level rootLevel = root.getLevel();
    Level switchboardLevel = switchboard.getLevel();
    Level jooqLevel = jooq.getLevel();
    var appender = new ListAppender<ILoggingEvent>();
    appender.setContext(context);
    appender.start();
    // the console appender is set aside meanwhile: the DEBUG SQL would drown the test output
    var others = new ArrayList<ch.qos.logback.core.Appender<ILoggingEvent>>();
    root.iteratorForAppenders().forEachRemaining(others::add);
    others.forEach(root::detachAppender);
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    switchboard.setLevel(Level.DEBUG);
    jooq.setLevel(Level.DEBUG);
    try {
      work.run();
    } finally {
      root.detachAppender(appender);
      others.forEach(root::addAppender);
      root.setLevel(rootLevel);
      switchboard.setLevel(switchboardLevel);
      jooq.setLevel(jooqLevel);
    }
    var lines = new ArrayList<String>();
    for (ILoggingEvent e : appender.list) {
      lines.add(
          e.getLoggerName()
              + " "
              + e.getFormattedMessage()
              + " "
              + e.getMDCPropertyMap()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    return lines;
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }
}
