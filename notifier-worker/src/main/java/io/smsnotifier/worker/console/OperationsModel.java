package io.smsnotifier.worker.console;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives the operations pages {@code ops}, the {@link OperationsFormat} their templates print with. */
@ControllerAdvice(assignableTypes = {ConsoleDeliveriesController.class, ConsoleDeadLettersController.class,
        ConsoleAuditController.class, ConsoleDirectoryController.class})
class OperationsModel {

    private static final OperationsFormat FORMAT = new OperationsFormat();

    @ModelAttribute("ops")
    OperationsFormat ops() {
        return FORMAT;
    }
}
