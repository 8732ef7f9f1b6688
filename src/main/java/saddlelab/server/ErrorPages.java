package saddlelab.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors answered below the routes — by {@link BodyLimits}, and by Jetty itself (a malformed request
 * line, headers too large, a URI it refuses) — as the API answers them: {@code {"error", "field"}} JSON
 * with the lab's security headers, never Jetty's HTML page or a stack trace.
 */
final class ErrorPages extends ErrorHandler {
    private final RefusalLog refusals;

    ErrorPages(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        String detail = reason != null ? reason : cause != null && cause.getMessage() != null ? cause.getMessage()
                : org.eclipse.jetty.http.HttpStatus.getMessage(status);
        if (status < 500) {
            refusals.refused(ClientNames.key(Request.getRemoteAddr(request)), status, request.getMethod() + " "
                    + request.getHttpURI().getPath() + ": " + detail);
        }
        Http.write(response, callback, status, Http.message(status, detail), status == 400 || status == 408 || status == 413
                || status == 431 || status == 505);
        return true;
    }


}
