package tracker.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: a malformed byte sequence (also an overlong form or an encoded surrogate) is
 * refused, never read as U+FFFD, so what a client sent is what is stored or refused.
 */
public final class Utf8 {

  private Utf8() {}

  public static boolean isValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Whether a URL-encoded text (a query string, a form) decodes to valid UTF-8 with well-formed escapes. */
  public static boolean percentEncodedIsValid(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          return false;
        }
        bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else if (c > 0x7f) {
        return false; // a raw non-ASCII character: not how a URL carries text
      } else {
        bytes.write(c);
      }
    }
    return isValid(bytes.toByteArray());
  }
}
