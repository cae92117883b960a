// The three dialects' documents, served by this service; ?urls.primaryName=AgentMessage opens one directly.
window.onload = function () {
  var urls = [
    { url: "/openapi/mindhunters.json", name: "Mindhunters" },
    { url: "/openapi/voiceos.json", name: "VoiceOS" },
    { url: "/openapi/agentmessage.json", name: "AgentMessage" }
  ];
  var wanted = new URLSearchParams(window.location.search).get("urls.primaryName");
  window.ui = SwaggerUIBundle({
    urls: urls,
    "urls.primaryName": wanted || urls[0].name,
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    // no call to the public validator badge service: the page talks to this service only
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
