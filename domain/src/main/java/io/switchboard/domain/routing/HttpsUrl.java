package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An absolute {@code https://} URL with a host, at most 2048 characters: webhooks never go out in
 * clear text.
 */
public record HttpsUrl(String value) {
  public static final int MAX_LENGTH = 2048;

  public HttpsUrl {
    if (value == null || value.isEmpty()) {
      throw InvalidArgumentException.of("", "must be an https:// URL");
    }
    if (value.length() > MAX_LENGTH) {
      throw InvalidArgumentException.of("", "must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw InvalidArgumentException.of("", "is not a valid URL");
    }
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
      throw InvalidArgumentException.of("", "must use https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw InvalidArgumentException.of("", "must name a host");
    }
    if (uri.getUserInfo() != null) {
      throw InvalidArgumentException.of("", "must not carry credentials in the URL");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
