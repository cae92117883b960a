package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.domain.org.Principal;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import org.junit.jupiter.api.Test;

/**
 * ResolveInbound runs in place only when both its key and its revision are answered from memory;
 * anything else (another method, a key not cached, a malformed header, a revision not applied yet)
 * goes to the call threads. Deciding never authenticates nor resolves.
 */
class ResolveInboundInPlaceTest {

  private static final String CACHED_KEY = "sb_live_cached";
  private static final long APPLIED_REVISION = 7;

  private final AuthenticateUseCase authenticate =
      new AuthenticateUseCase() {
        @Override
        public Principal authenticate(String bearerToken) {
          throw new AssertionError("deciding where a call runs must not authenticate it");
        }

        @Override
        public Principal authenticate(String bearerToken, String clientAddress) {
          throw new AssertionError("deciding where a call runs must not authenticate it");
        }

        @Override
        public boolean acceptsFromMemory(String bearerToken) {
          return CACHED_KEY.equals(bearerToken);
        }
      };
  private final ResolveInboundUseCase resolve =
      new ResolveInboundUseCase() {
        @Override
        public RouteResolution resolve(RequestContext ctx, Command command) {
          throw new AssertionError("deciding where a call runs must not resolve it");
        }

        @Override
        public boolean answersFromMemory(long minRevision) {
          return minRevision <= APPLIED_REVISION;
        }
      };
  private final InPlaceCalls inPlace = new ResolveInboundInPlace(authenticate, resolve);

  @Test
  void only_resolve_inbound_may_be_answered_in_place() {
    assertThat(inPlace.mayAnswer(RoutingServiceGrpc.getResolveInboundMethod())).isTrue();
    assertThat(inPlace.mayAnswer(RoutingServiceGrpc.getPreviewRoutingMethod())).isFalse();
    assertThat(inPlace.mayAnswer(PhoneNumberServiceGrpc.getGetPhoneNumberMethod())).isFalse();
    assertThat(
            inPlace.answers(
                PhoneNumberServiceGrpc.getGetPhoneNumberMethod(),
                bearer(CACHED_KEY),
                GetPhoneNumberRequest.getDefaultInstance()))
        .isFalse();
  }

  @Test
  void a_cached_key_and_an_applied_revision_are_answered_in_place() {
    assertThat(answers(bearer(CACHED_KEY), 0)).isTrue();
    assertThat(answers(bearer(CACHED_KEY), APPLIED_REVISION)).isTrue();
  }

  @Test
  void a_key_not_cached_or_a_revision_not_applied_goes_to_the_call_threads() {
    assertThat(answers(bearer("sb_live_unknown"), 0)).as("key looked up").isFalse();
    assertThat(answers(new Metadata(), 0)).as("no key: refused, maybe slowed down").isFalse();
    Metadata basic = new Metadata();
    basic.put(AuthenticationInterceptor.AUTHORIZATION, "Basic abc");
    assertThat(answers(basic, 0)).as("malformed header").isFalse();
    assertThat(answers(bearer(CACHED_KEY), APPLIED_REVISION + 1))
        .as("waits for the revision")
        .isFalse();
  }

  private boolean answers(Metadata headers, long minRevision) {
    return inPlace.answers(
        RoutingServiceGrpc.getResolveInboundMethod(),
        headers,
        ResolveInboundRequest.newBuilder()
            .setCalledNumber("+14155550100")
            .setMinRevision(minRevision)
            .build());
  }

  private static Metadata bearer(String key) {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + key);
    return headers;
  }
}
