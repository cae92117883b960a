package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.number.NumberCursor;
import io.switchboard.application.number.NumberSort;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The opaque {@code cursor} of {@code GET /v1/phone-numbers}: base64 of {@code {"created_at": ..., "id": ...}}, the
 * last item of the page (the seed's example decodes to exactly this). It is written URL-safe without padding so that
 * it survives query strings untouched; standard base64 is accepted too. Anything that does not decode to that shape
 * is a validation failure of {@code cursor}, never a server error.
 */
final class AgentMessageCursor {
  static final String FIELD = "cursor";
  private static final int MAX_LENGTH = 512;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentMessageCursor() {}

  static String encode(NumberCursor cursor) {
    if (cursor.field() != NumberSort.Field.CREATED_AT) {
      throw new IllegalArgumentException("AgentMessage lists are ordered by creation time only");
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("created_at", Instant.parse(cursor.sortValue()).toString());
    node.put("id", cursor.afterId().toString());
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static NumberCursor decode(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      String unpadded = token.strip().replace("=", "");
      byte[] bytes = unpadded.contains("+") || unpadded.contains("/")
          ? Base64.getDecoder().decode(unpadded)
          : Base64.getUrlDecoder().decode(unpadded);
      JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (node == null || !node.isObject() || node.size() != 2
          || !node.path("created_at").isTextual() || !node.path("id").isTextual()) {
        throw invalid();
      }
      Instant createdAt = Instant.parse(node.get("created_at").textValue());
      PhoneNumberId id = PhoneNumberId.parse(node.get("id").textValue());
      return new NumberCursor(NumberSort.Field.CREATED_AT, createdAt.toString(), id);
    } catch (IllegalArgumentException | IOException | DateTimeParseException | InvalidArgumentException e) {
      throw invalid();
    }
  }

  private static InvalidArgumentException invalid() {
    return InvalidArgumentException.of(FIELD, "is not a valid cursor; pass meta.next_cursor unchanged");
  }
}
