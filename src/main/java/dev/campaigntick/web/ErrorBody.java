package dev.campaigntick.web;

/** The one error shape of the API: {@code {"error": "<machine_code>", "message": "..."}}. */
public record ErrorBody(String error, String message) {}
