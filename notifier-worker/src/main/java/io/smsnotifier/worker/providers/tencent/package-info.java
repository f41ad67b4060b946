/**
 * Tencent Cloud SMS through its official SDK ({@code tencentcloud-sdk-java-sms}).
 */
@NullMarked
package io.smsnotifier.worker.providers.tencent;

import org.jspecify.annotations.NullMarked;
