// This file will be NOT treated as `_meta` file, since directory starts with underscore
export default {}
