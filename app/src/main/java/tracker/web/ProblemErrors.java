package tracker.web;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before or around the app (a malformed request line, a URI or
 * header too long, a refusal of {@link FrontDoor}): problem+json with the security headers, like
 * every answer of the app, instead of Jetty's HTML page.
 */
public final class ProblemErrors extends ErrorHandler {

  /** Every method gets the problem document, not only GET, POST and HEAD (Jetty's default). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    write(request, response, callback, code, HttpStatus.getMessage(code), detail(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    Security.HEADERS.forEach(fields::put);
    return ByteBuffer.wrap(body(status, HttpStatus.getMessage(status), detail(status, reason)));
  }

  /** Answers a request with a problem; always true (the request is handled). */
  static boolean write(Request request, Response response, Callback callback, int status, String title,
      String detail) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    Security.HEADERS.forEach(response.getHeaders()::put);
    if (status == 408 || status == 400) {
      // the rest of the body will not come or cannot be read: the connection is done
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(body(status, title, detail)), callback);
    return true;
  }

  private static String detail(int status, String message) {
    if (message != null && !message.isBlank() && !message.equals(HttpStatus.getMessage(status))) {
      return message;
    }
    return switch (status) {
      case 400 -> "the request is malformed";
      case 414 -> "the URI is too long";
      case 431 -> "the request headers are too large";
      default -> HttpStatus.getMessage(status);
    };
  }

  private static byte[] body(int status, String title, String detail) {
    return Problems.body(status, title, detail, List.of());
  }
}
