package io.smsnotifier.it.benchmark;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.dysmsapi.model.v20170525.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import io.smsnotifier.events.EventJson;

import java.util.Map;

/**
 * How {@link HandWrittenPipeline} sends one login code: one {@code SendSms} request for one number through the vendor
 * SDK, its client made as {@link Ceilings} makes it for ceiling (ii). Thread-safe: the clients are.
 */
interface PipelineVendor {

    /** The service name its outcomes carry. */
    String service();

    /** Sends {@code code} to {@code e164} under {@code outId}; a refusal is an answer, a lost answer throws. */
    Answer send(String e164, String code, String outId) throws Exception;

    /** The vendor's answer for the number: accepted with its message id, or refused with its code. */
    record Answer(boolean accepted, String providerId, String errorCode) {
    }

    /** Alibaba Cloud: numbers without {@code +86}, the code as {@code {"code":...}}, the out-id as {@code OutId}. */
    static PipelineVendor aliyun(String endpoint, String accessKey, String accessSecret, String signName,
                                 String templateCode, int requestsInFlight) {
        DefaultAcsClient client = Ceilings.aliyunClient(accessKey, accessSecret, requestsInFlight);
        return new PipelineVendor() {
            @Override
            public String service() {
                return "ceiling-aliyun";
            }

            @Override
            public Answer send(String e164, String code, String outId) throws Exception {
                String national = e164.startsWith("+86") ? e164.substring(3) : e164;
                SendSmsResponse response = client.getAcsResponse(Ceilings.aliyunSendSms(endpoint, national, signName,
                        templateCode, EventJson.mapper().writeValueAsString(Map.of("code", code)), outId));
                return "OK".equals(response.getCode()) ? new Answer(true, response.getBizId(), null)
                        : new Answer(false, null, response.getCode());
            }
        };
    }

    /** Tencent Cloud: E.164 numbers, the code as the one template parameter, the out-id as {@code SessionContext}. */
    static PipelineVendor tencent(String endpoint, String secretId, String secretKey, String sdkAppId,
                                  String signName, String templateId) {
        SmsClient client = Ceilings.tencentClient(endpoint, secretId, secretKey);
        return new PipelineVendor() {
            @Override
            public String service() {
                return "ceiling-tencent";
            }

            @Override
            public Answer send(String e164, String code, String outId) throws Exception {
                var status = client.SendSms(Ceilings.tencentSendSms(new String[] {e164}, sdkAppId, signName,
                        templateId, new String[] {code}, outId)).getSendStatusSet()[0];
                return "Ok".equals(status.getCode()) ? new Answer(true, status.getSerialNo(), null)
                        : new Answer(false, null, status.getCode());
            }
        };
    }
}
