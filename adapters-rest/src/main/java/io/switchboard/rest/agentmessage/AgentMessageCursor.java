package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The opaque {@code cursor} of {@code GET /v1/phone-numbers}: {@code {"created_at": ..., "id":
 * ...}} of the last item of the page (the seed's example decodes to exactly this), signed ({@link
 * TokenSigner}: URL-safe base64 of the JSON, the key id and a MAC), so a cursor comes back only as
 * this service issued it; a forged one (a timestamp in the year +300000, say) never reaches a
 * query. Anything else is a validation failure of {@code cursor}, never a server error.
 */
final class AgentMessageCursor {
  static final String FIELD = "cursor";
  private static final int MAX_LENGTH = 512;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentMessageCursor() {}

  static String encode(NumberCursor cursor, TokenSigner signer) {
    if (cursor.field() != NumberSort.Field.CREATED_AT) {
      throw new IllegalArgumentException("AgentMessage lists are ordered by creation time only");
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("created_at", Instant.parse(cursor.sortValue()).toString());
    node.put("id", cursor.afterId().toString());
    try {
      return signer.sign(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static NumberCursor decode(String token, TokenSigner signer) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      byte[] bytes = signer.verify(token.strip()).orElseThrow(AgentMessageCursor::invalid);
      JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (node == null
          || !node.isObject()
          || node.size() != 2
          || !node.path("created_at").isTextual()
          || !node.path("id").isTextual()) {
        throw invalid();
      }
      Instant createdAt = Instant.parse(node.get("created_at").textValue());
      PhoneNumberId id = PhoneNumberId.parse(node.get("id").textValue());
      return new NumberCursor(NumberSort.Field.CREATED_AT, createdAt.toString(), id);
    } catch (IllegalArgumentException
        | IOException
        | DateTimeParseException
        | InvalidArgumentException e) {
      throw invalid();
    }
  }

  private static InvalidArgumentException invalid() {
    return InvalidArgumentException.of(
        FIELD, "is not a valid cursor; pass meta.next_cursor unchanged");
  }
}
