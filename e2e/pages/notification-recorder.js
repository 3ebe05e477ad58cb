/* global window */
// Added to the page before its scripts run: records every browser notification the window creates,
// then lets it through to the real one. The notification itself is drawn by the system, outside
// the page, where a test cannot see it; the recorded object is the one the window gave its handlers.
(() => {
  const Real = window.Notification;
  const created = [];
  window.e2eNotifications = created;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      created.push(this);
    }
  };
})();
