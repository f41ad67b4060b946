/**
 * Alibaba Cloud SMS through its official SDK ({@code aliyun-java-sdk-dysmsapi}).
 */
@NullMarked
package io.smsnotifier.worker.providers.aliyun;

import org.jspecify.annotations.NullMarked;
