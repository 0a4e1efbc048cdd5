package dev.uplink.sensor.enroll;

import dev.uplink.core.InvalidInputException;

/** The collector answered and said no (401/403/400): the onboarding file is no good; retrying will not help. */
public class EnrollmentRefusedException extends InvalidInputException {

    private final int status;

    public EnrollmentRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
